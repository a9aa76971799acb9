"""Around the exercises: the learner's progress, and the teacher's switch for graded sessions."""
