package dev.sockloop.internal.transport.epoll;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.internal.linux.SocketAddressBuffer;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.ScheduledTask;
import dev.sockloop.internal.transport.Acceptor;
import dev.sockloop.internal.transport.ListenException;
import dev.sockloop.internal.transport.ListenOptions;
import dev.sockloop.internal.transport.Listener;
import dev.sockloop.internal.transport.TcpOptions;
import dev.sockloop.stats.AcceptError;

/**
 * A listening socket on one epoll loop. Accepts until {@code EAGAIN} (bounded per event) and hands
 * each new socket to its {@link Acceptor}.
 *
 * <p>When the process is out of fds, {@code accept} fails without taking the connection off the
 * queue, and level-triggered epoll would report it again at once, spinning the loop. So the
 * listener keeps a spare fd: it closes it, accepts the pending connection, closes that (the client
 * sees a clean close instead of a hanging connect) and reopens the spare. If even that fails it
 * stops listening for a short while.
 */
final class EpollListener extends Listener {

	static {
		// Loading a class opens a file: at the fd limit the classes this path needs must already be
		// loaded, or the first exhaustion fails with NoClassDefFoundError instead of being handled.
		Errno.describe(Errno.EMFILE);
		AcceptError.values();
		preload(ScheduledTask.class, NativeCallException.class, ListenException.class);
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
	 * @param loop the loop it runs on
	 * @param acceptor where accepted connections go
	 * @param boundAddress the address the socket is bound to (its actual port)
	 */
	private EpollListener(int fd, EventLoop loop, Acceptor acceptor, SocketAddress boundAddress) {
		super(fd, loop, acceptor, boundAddress);
		this.reserveFd = Sockets.openReserveFd();
		// A wildcard listener's connections each have the local address the client reached, which
		// only getsockname tells; any other listener's are all its own.
		this.localAddress = (boundAddress instanceof InetSocketAddress inet && inet.getAddress().isAnyLocalAddress())
				? null : boundAddress;
	}

	/**
	 * Opens a socket, binds it and listens. TCP options that accepted sockets inherit on Linux are
	 * set here, on the listener: no syscall per connection.
	 * @param loop the loop the listener runs on
	 * @param options what to bind and how
	 * @param acceptor where accepted connections go
	 * @return the listener, which owns the socket
	 */
	static EpollListener listen(EventLoop loop, ListenOptions options, Acceptor acceptor) {
		SocketAddress address = options.address();
		boolean tcp = address instanceof InetSocketAddress;
		int fd = Sockets.newStreamSocket(address);
		try {
			if (tcp) {
				Sockets.setReuseAddress(fd, true);
				if (options.reusePort()) {
					Sockets.setReusePort(fd, true);
				}
				Sockets.setTcpNoDelay(fd, options.tcpNoDelay());
				Sockets.setKeepAlive(fd, options.keepAlive());
				setTcpOptions(fd, options.tcpOptions());
			}
			int rc = Sockets.bind(fd, address);
			if (rc < 0) {
				throw bindFailed(address, -rc);
			}
			options.bound().run();
			Sockets.listen(fd, options.backlog());
			SocketAddress bound = tcp ? Sockets.localAddress(fd) : address;
			return new EpollListener(fd, loop, acceptor, bound);
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			throw ex;
		}
	}

	/**
	 * Sets the options that are left to the kernel unless configured. Linux copies a listener's
	 * socket (its buffers, linger and keep-alive timers included) into each connection it accepts,
	 * and a receive buffer must be set before listen to size the TCP window scale it advertises.
	 */
	private static void setTcpOptions(int fd, TcpOptions options) {
		if (options.receiveBufferSize() > 0) {
			Sockets.setReceiveBufferSize(fd, options.receiveBufferSize());
		}
		if (options.sendBufferSize() > 0) {
			Sockets.setSendBufferSize(fd, options.sendBufferSize());
		}
		if (options.resetOnClose()) {
			Sockets.setLingerZero(fd);
		}
		if (options.keepAliveIdleSeconds() > 0) {
			Sockets.setKeepAliveIdle(fd, options.keepAliveIdleSeconds());
		}
		if (options.keepAliveIntervalSeconds() > 0) {
			Sockets.setKeepAliveInterval(fd, options.keepAliveIntervalSeconds());
		}
		if (options.keepAliveCount() > 0) {
			Sockets.setKeepAliveCount(fd, options.keepAliveCount());
		}
	}

	/** A TCP port in use is named as the operator's likely mistake; a Unix socket's errno stands alone. */
	static ListenException bindFailed(SocketAddress address, int errno) {
		boolean portInUse = errno == Errno.EADDRINUSE && address instanceof InetSocketAddress;
		return ListenException.bindFailed(address,
				Errno.describe(errno) + (portInUse ? ListenException.PORT_IN_USE : ""),
				new NativeCallException("bind", errno));
	}

	@Override
	protected boolean acceptBatch() {
		for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
			int fd = Sockets.accept(this.fd, this.addressBuffer);
			if (fd >= 0) {
				SocketAddress remote = this.addressBuffer.decode();
				SocketAddress local = (this.localAddress != null) ? this.localAddress
						: shareLocalAddress(Sockets.localAddress(fd, this.addressBuffer));
				accepted(fd, local, remote);
				continue;
			}
			int errno = -fd;
			if (errno == Errno.EAGAIN) {
				return false;
			}
			if (errno == Errno.EINTR || errno == Errno.ECONNABORTED) {
				continue;
			}
			if (errno == Errno.EMFILE || errno == Errno.ENFILE) {
				this.stats.acceptFailed((errno == Errno.EMFILE) ? AcceptError.EMFILE : AcceptError.ENFILE);
				this.acceptor.warn("Server '" + serverName() + "' is out of file descriptors ("
						+ Errno.describe(errno) + "); refusing new connections until some close. Open-files limit: "
						+ "see 'ulimit -n'");
				if (!rejectWithReserveFd()) {
					pause();
					return false;
				}
				continue;
			}
			this.stats.acceptFailed((errno == Errno.ENOMEM || errno == Errno.ENOBUFS) ? AcceptError.ENOMEM
					: AcceptError.OTHER);
			this.acceptor.warn("Server '" + serverName() + "' failed to accept: " + Errno.describe(errno) + "; pausing");
			pause();
			return false;
		}
		return true;
	}

	/** Opens an accepted socket on the loop the acceptor picks, or closes it if not admitted. */
	private void accepted(int fd, SocketAddress local, SocketAddress remote) {
		EventLoop target = this.acceptor.admit(this.loop);
		if (target == null) {
			Sockets.close(fd);
		}
		else if (target == this.loop) {
			open(fd, local, remote, target);
		}
		else {
			target.execute(() -> open(fd, local, remote, target));
		}
	}

	private void open(int fd, SocketAddress local, SocketAddress remote, EventLoop target) {
		this.acceptor.start(new EpollConnection(fd, target, this.acceptor.owner(), local, remote));
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
	protected void releaseSockets() {
		Sockets.close(this.fd);
		if (this.reserveFd >= 0) {
			Sockets.close(this.reserveFd);
			this.reserveFd = -1;
		}
	}

}
