'use strict';
// Baseline server of the realtime fan-out benchmark (bench/.../RealtimeFanout.java): the same fan-out as
// realtime-service, done the Socket.IO way. Rooms are conversations; @socket.io/redis-adapter carries every
// room broadcast to every other instance over Redis pub/sub. No storage, no seq, no membership check:
// Socket.IO's model is at-most-once, so this is the cheapest version of the job.
//
// Frames (Socket.IO events, each with an acknowledgement callback):
//   subscribe {conversationId}                    -> ack {type: 'subscribed', conversationId}
//   send {conversationId, body, clientMsgId}      -> ack {type: 'ack', clientMsgId}; room gets 'message' {message}
// GET /health answers UP; GET /memory runs a GC (node --expose-gc) and returns process.memoryUsage().
// Environment: PORT, REDIS_URL (redis://[user:password@]host:port).
const http = require('node:http');
const { Server } = require('socket.io');
const { createClient } = require('redis');
const { createAdapter } = require('@socket.io/redis-adapter');

const port = Number(process.env.PORT || 3000);
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function main() {
  const pubClient = createClient({ url: redisUrl });
  const subClient = pubClient.duplicate();
  pubClient.on('error', (err) => console.error('redis pub error', err.message));
  subClient.on('error', (err) => console.error('redis sub error', err.message));
  await Promise.all([pubClient.connect(), subClient.connect()]);

  const httpServer = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'UP' }));
      return;
    }
    if (req.url === '/memory') {
      // For the idle-connection memory figure: collect first when started with --expose-gc.
      if (typeof global.gc === 'function') global.gc();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...process.memoryUsage(), connections: io.engine.clientsCount }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  const io = new Server(httpServer, {
    transports: ['websocket'],
    adapter: createAdapter(pubClient, subClient),
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 25000,
    pingTimeout: 60000,
  });

  io.on('connection', (socket) => {
    const userId = String(socket.handshake.auth && socket.handshake.auth.userId || socket.id);
    socket.on('subscribe', (frame, ack) => {
      const conversationId = frame && frame.conversationId;
      if (typeof conversationId !== 'string') {
        if (typeof ack === 'function') ack({ type: 'error', code: 'validation_failed' });
        return;
      }
      socket.join(conversationId);
      if (typeof ack === 'function') ack({ type: 'subscribed', conversationId });
    });
    socket.on('send', (frame, ack) => {
      if (!frame || typeof frame.conversationId !== 'string' || typeof frame.body !== 'string') {
        if (typeof ack === 'function') ack({ type: 'error', code: 'validation_failed' });
        return;
      }
      const message = {
        conversationId: frame.conversationId,
        senderId: userId,
        body: frame.body,
        clientMsgId: frame.clientMsgId,
        createdAt: new Date().toISOString(),
      };
      io.to(frame.conversationId).emit('message', { message });
      if (typeof ack === 'function') ack({ type: 'ack', clientMsgId: frame.clientMsgId });
    });
  });

  httpServer.listen(port, '127.0.0.1', () => console.log(`socket.io baseline listening on ${port}`));
  const stop = () => {
    io.close();
    Promise.allSettled([pubClient.quit(), subClient.quit()]).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
