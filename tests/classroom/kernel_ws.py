"""A small Jupyter client that talks to a kernel the way JupyterLab does: REST + websocket.

Everything goes through one base URL (a learner's server behind the hub's proxy) with the
learner's token; nbclient cannot do this (it needs the kernel's ZMQ ports).
"""

import datetime
import json
import uuid

import requests
import websocket


class HubKernel:
    """A notebook session in a learner's server: run code, get nbformat-like outputs."""

    def __init__(self, base, token, notebook_path, timeout=120):  # ten learners on two cores
        self.base, self.timeout = base.rstrip("/"), timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"
        reply = self.http.post(f"{self.base}/api/sessions", timeout=timeout, json={
            "path": notebook_path, "type": "notebook", "name": notebook_path,
            "kernel": {"name": "python3"}})
        reply.raise_for_status()
        self.session_id = reply.json()["id"]
        self.kernel_id = reply.json()["kernel"]["id"]
        ws_url = "ws" + self.base[4:] + f"/api/kernels/{self.kernel_id}/channels"
        self.ws = websocket.create_connection(
            ws_url, timeout=timeout, header=[f"Authorization: token {token}"])
        self.client_session = uuid.uuid4().hex

    def execute(self, code, timeout=None):
        """Run code; return (outputs, reply status) once the kernel is idle again."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "learner",
                       "session": self.client_session, "version": "5.3",
                       "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        self.ws.settimeout(timeout or self.timeout)
        outputs, idle, status = [], False, None
        while not (idle and status):
            msg = json.loads(self.ws.recv())  # bounded by the socket's timeout
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if msg["channel"] == "shell" and kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": content["name"],
                                "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                outputs.append({"output_type": kind, "data": content["data"]})
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": content["ename"]})
        return outputs, status

    def interrupt(self):
        self.http.post(f"{self.base}/api/kernels/{self.kernel_id}/interrupt",
                       timeout=self.timeout).raise_for_status()

    def close(self):
        """Close the websocket and delete the session (which shuts its kernel down)."""
        try:
            self.ws.close()
        finally:
            self.http.delete(f"{self.base}/api/sessions/{self.session_id}",
                             timeout=self.timeout)
