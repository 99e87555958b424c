"""A rerun timed at the socket, from Chromium's DevTools time stamps on the websocket frames: the server's answer
time without the browser drawing the result."""
from __future__ import annotations


class SocketTimer:
    """The server's side of a rerun, as the browser's network layer saw it: from the websocket frame that asks for
    the rerun (BackMsg rerun_script) to the frame that says the script finished (ForwardMsg script_finished), by
    the time stamps Chromium puts on each frame at the socket (DevTools' Network events). Unlike the page's own
    figure, it leaves out the browser drawing the result, which here competes with the server for the same CPU."""

    SMALL = 200  # base64 characters: script_finished is a few bytes; larger frames (deltas, figures) are skipped

    def __init__(self):
        self.cdp = None
        self.asked: float | None = None
        self.took: float | None = None
        self.armed = False

    @classmethod
    async def attach(cls, ctx, page) -> SocketTimer:
        timer = cls()
        timer.cdp = await ctx.new_cdp_session(page)
        timer.cdp.on("Network.webSocketFrameSent", timer._sent)
        timer.cdp.on("Network.webSocketFrameReceived", timer._received)
        return timer

    async def arm(self) -> None:
        """Listen from now until the next rerun has finished (DevTools' network events carry every frame's
        payload, figures included: only listening then keeps that traffic off the shared CPU)."""
        self.armed, self.asked, self.took = True, None, None
        await self.cdp.send("Network.enable")

    async def disarm(self) -> None:
        self.armed = False
        await self.cdp.send("Network.disable")

    @staticmethod
    def _kind(frame: dict, message) -> str | None:
        import base64

        if frame.get("opcode") != 2:  # binary frames only
            return None
        try:
            msg = message.FromString(base64.b64decode(frame["payloadData"]))
        except Exception:
            return None
        return msg.WhichOneof("type")

    def _sent(self, event: dict) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if self.armed and self.asked is None and self._kind(event["response"], BackMsg) == "rerun_script":
            self.asked = event["timestamp"]

    def _received(self, event: dict) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        frame = event["response"]
        if (self.asked is not None and self.took is None and len(frame.get("payloadData", "")) <= self.SMALL
                and self._kind(frame, ForwardMsg) == "script_finished"):
            self.took, self.armed = event["timestamp"] - self.asked, False
