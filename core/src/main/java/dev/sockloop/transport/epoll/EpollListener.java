package dev.sockloop.transport.epoll;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.sockloop.linux.Errno;
import dev.sockloop.linux.NativeCallException;
import dev.sockloop.linux.SocketAddressBuffer;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.ScheduledTask;
import dev.sockloop.stats.AcceptError;

/**
 * A listening socket on one loop. Accepts until {@code EAGAIN} (bounded per event) and hands each
 * new socket to its server.
 *
 * <p>When the process is out of fds, {@code accept} fails without taking the connection off the
 * queue, and level-triggered epoll would report it again at once, spinning the loop. So the
 * listener keeps a spare fd: it closes it, accepts the pending connection, closes that (the client
 * sees a clean close instead of a hanging connect) and reopens the spare. If even that fails it
 * stops listening for a short while.
 */
final class ServerListener extends Listener {

	static {
		// Loading a class opens a file: at the fd limit the classes this path needs must already be
		// loaded, or the first exhaustion fails with NoClassDefFoundError instead of being handled.
		Errno.describe(Errno.EMFILE);
		AcceptError.values();
		preload(ScheduledTask.class, NativeCallException.class, ServerStartException.class);
	}

	private static void preload(Class<?>... classes) {
		for (Class<?> type : classes) {
			try {
				Class.forName(type.getName(), true, type.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private int reserveFd;

	/** Where accept4 writes each peer's address: decoded at once, so one buffer serves every accept. */
	private final SocketAddressBuffer addressBuffer = new SocketAddressBuffer();

	/** Every accepted socket's local address, or {@code null} when bound to a wildcard. */
	private final SocketAddress localAddress;

	/**
	 * Creates a listener on a bound, listening socket.
	 * @param fd the listening socket
	 * @param server the server it accepts for
	 * @param loop the loop it runs on
	 * @param boundAddress the address the socket is bound to (its actual port)
	 */
	ServerListener(int fd, SocketServer server, EventLoop loop, SocketAddress boundAddress) {
		super(fd, server, loop);
		this.reserveFd = Sockets.openReserveFd();
		// A wildcard listener's connections each have the local address the client reached, which
		// only getsockname tells; any other listener's are all its own.
		this.localAddress = (boundAddress instanceof InetSocketAddress inet && inet.getAddress().isAnyLocalAddress())
				? null : boundAddress;
	}

	@Override
	protected void onReady(int readyEvents) {
		for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
			int fd = Sockets.accept(this.fd, this.addressBuffer);
			if (fd >= 0) {
				SocketAddress remote = this.addressBuffer.decode();
				SocketAddress local = (this.localAddress != null) ? this.localAddress
						: Sockets.localAddress(fd, this.addressBuffer);
				this.server.accepted(fd, local, remote, this.loop);
				continue;
			}
			int errno = -fd;
			if (errno == Errno.EAGAIN) {
				return;
			}
			if (errno == Errno.EINTR || errno == Errno.ECONNABORTED) {
				continue;
			}
			if (errno == Errno.EMFILE || errno == Errno.ENFILE) {
				this.stats.acceptFailed((errno == Errno.EMFILE) ? AcceptError.EMFILE : AcceptError.ENFILE);
				this.server.acceptWarning("Server '" + this.server.name() + "' is out of file descriptors ("
						+ Errno.describe(errno) + "); refusing new connections until some close. Open-files limit: "
						+ "see 'ulimit -n'");
				if (!rejectWithReserveFd()) {
					pause();
					return;
				}
				continue;
			}
			this.stats.acceptFailed((errno == Errno.ENOMEM || errno == Errno.ENOBUFS) ? AcceptError.ENOMEM
					: AcceptError.OTHER);
			this.server.acceptWarning(
					"Server '" + this.server.name() + "' failed to accept: " + Errno.describe(errno) + "; pausing");
			pause();
			return;
		}
	}

	/** @return whether a pending connection was taken off the queue */
	private boolean rejectWithReserveFd() {
		if (this.reserveFd < 0) {
			this.reserveFd = Sockets.openReserveFd();
			return false;
		}
		Sockets.close(this.reserveFd);
		int fd = Sockets.accept(this.fd);
		if (fd >= 0) {
			Sockets.close(fd);
			this.stats.connectionRejected();
		}
		this.reserveFd = Sockets.openReserveFd();
		return fd >= 0 && this.reserveFd >= 0;
	}

	@Override
	void releaseSockets() {
		Sockets.close(this.fd);
		if (this.reserveFd >= 0) {
			Sockets.close(this.reserveFd);
			this.reserveFd = -1;
		}
	}

}
