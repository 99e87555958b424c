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


# A page's runs counted where the browser receives them, not in the DOM: the app's script-state attribute may never
# show a short run at all (React draws the state once for several messages handled in a row; seen as a visitor
# waiting 120 s for a run that had ended). Installed before the app's own script (an init script), it wraps the
# WebSocket and reads the top-level fields of each binary frame: rerun_script sent, script_finished received.
_COUNTER_JS = """(() => {
  const FINISHED = %(finished)d, EARLY = %(early)d, RERUN = %(rerun)d;
  const fields = (data) => {  // top-level protobuf fields: [number, varint value or null]
    const b = new Uint8Array(data), out = [];
    let i = 0;
    const varint = () => {
      let v = 0, m = 1, c;
      do { c = b[i++]; v += (c & 127) * m; m *= 128; } while (c & 128 && i < b.length);
      return v;
    };
    while (i < b.length) {
      const tag = varint(), kind = tag & 7, num = Math.floor(tag / 8);
      if (kind === 0) out.push([num, varint()]);
      else if (kind === 2) { const n = varint(); out.push([num, null]); i += n; }
      else if (kind === 1) i += 8; else if (kind === 5) i += 4; else break;
    }
    return out;
  };
  const runs = window.__dlccSocket = {asked: 0, finished: 0};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        if (e.data instanceof ArrayBuffer
            && fields(e.data).some(([n, v]) => n === FINISHED && v !== EARLY)) runs.finished++;
      });
    }
    send(data) {
      if ((data instanceof ArrayBuffer || ArrayBuffer.isView(data))
          && fields(data.buffer ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data)
               .some(([n]) => n === RERUN)) runs.asked++;
      return super.send(data);
    }
  };
})();"""


def run_counter_script() -> str:
    """The init script that counts a page's runs at its socket (window.__dlccSocket: asked, finished); a run cut
    short for the next one is not counted, its successor is. Field numbers come from Streamlit's own protos."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    finished = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"]
    rerun = BackMsg.DESCRIPTOR.fields_by_name["rerun_script"]
    return _COUNTER_JS % {"finished": finished.number, "rerun": rerun.number,
                          "early": finished.enum_type.values_by_name["FINISHED_EARLY_FOR_RERUN"].number}
