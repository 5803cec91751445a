// A real SMTP server on loopback for the browser tests: it accepts every message and writes it to
// MAIL_DIR as <recipient>-<n>.eml, so a test can read the link a customer received.
// Usage: node smtp-sink.mjs PORT MAIL_DIR
import net from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";

const [port, dir] = [Number(process.argv[2]), process.argv[3]];
mkdirSync(dir, { recursive: true });
let n = 0;
net.createServer((socket) => {
  let buffer = "", inData = false, to = "", data = [];
  const reply = (line) => socket.write(line + "\r\n");
  reply("220 sink ESMTP");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1");
    let i;
    while ((i = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (inData) {
        if (line === ".") {
          inData = false;
          writeFileSync(`${dir}/${to}-${++n}.eml`, Buffer.from(data.join("\n"), "latin1"));
          data = [];
          reply("250 queued");
        } else data.push(line.startsWith("..") ? line.slice(1) : line);
        continue;
      }
      const cmd = line.toUpperCase();
      if (cmd.startsWith("RCPT TO:")) { to = line.slice(8).trim().replace(/[<>]/g, ""); reply("250 ok"); }
      else if (cmd.startsWith("DATA")) { inData = true; reply("354 go ahead"); }
      else if (cmd.startsWith("QUIT")) { reply("221 bye"); socket.end(); }
      else reply(cmd.startsWith("EHLO") || cmd.startsWith("HELO") ? "250 sink" : "250 ok");
    }
  });
  socket.on("error", () => {});
}).listen(port, "127.0.0.1");
