package dev.sockloop.internal.transport.epoll;

import java.io.IOException;
import java.net.SocketAddress;

import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.connection.WriteQueue;
import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.internal.transport.ConnectionOwner;

/**
 * A connection on the epoll transport: a non-blocking fd, read and written through JNA syscalls
 * into and from the loop's native buffers. {@code EAGAIN} and {@code EINTR} are return values here;
 * only a real failure becomes an {@link IOException}.
 */
public final class EpollConnection extends LoopConnection {

	/**
	 * Wraps a connected socket. Call {@link #start} on the loop thread to run the handler and
	 * register the socket.
	 * @param fd the connected, non-blocking socket
	 * @param loop the loop that owns it
	 * @param owner the server or client it belongs to
	 * @param localAddress the socket's local address, or {@code null} to ask the socket in
	 * {@link #start}
	 * @param remoteAddress the peer's address, or {@code null} to ask the socket in {@link #start}
	 */
	public EpollConnection(int fd, EventLoop loop, ConnectionOwner owner, SocketAddress localAddress,
			SocketAddress remoteAddress) {
		super(fd, owner.nextId(), loop, owner.settings(), owner.stats(loop), owner.stats(), owner.onClosed(),
				localAddress, remoteAddress);
	}

	@Override
	protected int readSocket(LoopBuffers buffers) throws IOException {
		while (true) {
			long n = buffers.socketCalls().recv(this.fd, buffers.readAddress(), LoopBuffers.READ_SIZE);
			if (n > 0) {
				return (int) n;
			}
			if (n == 0) {
				return -1;
			}
			if (n == -Errno.EAGAIN) {
				return 0;
			}
			if (n != -Errno.EINTR) {
				throw new IOException("Read failed: " + Errno.describe((int) -n));
			}
		}
	}

	@Override
	protected int readSocketToHeap(LoopBuffers buffers) throws IOException {
		while (true) {
			long n = buffers.socketCalls().recv(this.fd, buffers.heapRead(), 0, LoopBuffers.READ_SIZE);
			if (n > 0) {
				return (int) n;
			}
			if (n == 0) {
				return -1;
			}
			if (n == -Errno.EAGAIN) {
				return 0;
			}
			if (n != -Errno.EINTR) {
				throw new IOException("Read failed: " + Errno.describe((int) -n));
			}
		}
	}

	@Override
	protected long writeSocket(WriteQueue queue, LoopBuffers buffers) throws IOException {
		while (true) {
			long n = queue.writeOnce(this.fd, buffers);
			if (n >= 0) {
				return n;
			}
			if (n == -Errno.EAGAIN) {
				return 0; // the queue has marked the write partial
			}
			if (n != -Errno.EINTR) {
				throw new IOException("Write failed: " + Errno.describe((int) -n));
			}
		}
	}

	@Override
	protected IOException socketError() {
		return new IOException("Socket error: " + Errno.describe(Sockets.pendingError(this.fd)));
	}

	@Override
	protected SocketAddress socketLocalAddress() {
		return Sockets.localAddress(this.fd);
	}

	@Override
	protected SocketAddress socketRemoteAddress() {
		return Sockets.remoteAddress(this.fd);
	}

	@Override
	protected void closeSocket() {
		Sockets.close(this.fd);
	}

}
