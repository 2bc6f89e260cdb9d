package dev.sockloop.internal.linux;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * TCP socket calls. Hot-path calls ({@link #read}, {@link #write}, {@link #writev},
 * {@link #accept}) return a negative errno instead of throwing, so that {@code EAGAIN} and
 * {@code EINTR} cost a comparison; set-up calls throw {@link NativeCallException}.
 */
public final class Sockets {

	private static final int SOCK_STREAM = 1;

	private static final int SOCK_NONBLOCK = 0x800;

	private static final int SOCK_CLOEXEC = 0x80000;

	private static final int SOL_SOCKET = 1;

	private static final int SO_REUSEADDR = 2;

	private static final int SO_ERROR = 4;

	private static final int SO_SNDBUF = 7;

	private static final int SO_RCVBUF = 8;

	private static final int SO_KEEPALIVE = 9;

	private static final int SO_LINGER = 13;

	private static final int SO_REUSEPORT = 15;

	private static final int IPPROTO_TCP = 6;

	private static final int TCP_NODELAY = 1;

	private static final int TCP_KEEPIDLE = 4;

	private static final int TCP_KEEPINTVL = 5;

	private static final int TCP_KEEPCNT = 6;

	private static final int SHUT_WR = 1;

	private static final int MSG_NOSIGNAL = 0x4000;

	private static final int O_RDONLY = 0;

	private static final int O_CLOEXEC = 0x80000;

	private Sockets() {
	}

	/**
	 * Creates a non-blocking, close-on-exec stream socket for the address's family: TCP over IPv4 or
	 * IPv6 for an {@link InetSocketAddress}, a Unix domain socket for a
	 * {@link java.net.UnixDomainSocketAddress}.
	 * @param address the address the socket will use
	 * @return the fd
	 */
	public static int newStreamSocket(SocketAddress address) {
		int fd = LibC.socket(SocketAddresses.family(address), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			throw new NativeCallException("socket", Errno.last());
		}
		return fd;
	}

	/**
	 * Binds a socket.
	 * @param fd the socket
	 * @param address the address
	 * @return 0, or a negative errno ({@code -EADDRINUSE} when taken)
	 */
	public static int bind(int fd, SocketAddress address) {
		ByteBuffer sockaddr = NativeMemory.allocate(SocketAddresses.MAX_LENGTH);
		int length = SocketAddresses.encode(address, sockaddr);
		int rc = LibC.bind(fd, NativeMemory.address(sockaddr), length);
		return rc < 0 ? -Errno.last() : 0;
	}

	/**
	 * Starts listening.
	 * @param fd the bound socket
	 * @param backlog the accept queue length
	 */
	public static void listen(int fd, int backlog) {
		if (LibC.listen(fd, backlog) < 0) {
			throw new NativeCallException("listen", Errno.last());
		}
	}

	/**
	 * Connects a non-blocking socket; used by tests and clients.
	 * @param fd the socket
	 * @param address the peer
	 * @return 0, or a negative errno ({@code -EINPROGRESS} while connecting)
	 */
	public static int connect(int fd, SocketAddress address) {
		ByteBuffer sockaddr = NativeMemory.allocate(SocketAddresses.MAX_LENGTH);
		int length = SocketAddresses.encode(address, sockaddr);
		int rc = LibC.connect(fd, NativeMemory.address(sockaddr), length);
		return rc < 0 ? -Errno.last() : 0;
	}

	/**
	 * Accepts a connection as a non-blocking, close-on-exec socket, with the peer's address written
	 * into {@code peer}: no {@code getpeername} later, which would race with a close (the fd number
	 * reused by another client) and fail once the peer has reset.
	 * @param listenerFd the listening socket
	 * @param peer receives the peer's address when a connection is returned
	 * @return the new fd, or a negative errno ({@code -EAGAIN} when none is pending)
	 */
	public static int accept(int listenerFd, SocketAddressBuffer peer) {
		int fd = LibC.accept4(listenerFd, peer.prepare(), peer.lengthAddress(), SOCK_NONBLOCK | SOCK_CLOEXEC);
		return fd < 0 ? -Errno.last() : fd;
	}

	/**
	 * Accepts a connection as a non-blocking, close-on-exec socket, without its address (for a
	 * connection that is closed at once).
	 * @param listenerFd the listening socket
	 * @return the new fd, or a negative errno ({@code -EAGAIN} when none is pending)
	 */
	public static int accept(int listenerFd) {
		int fd = LibC.accept4(listenerFd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
		return fd < 0 ? -Errno.last() : fd;
	}

	/**
	 * Reads into native memory. Through {@code recv} rather than {@code read}: the socket call skips
	 * the VFS layer (file position lock, permission hooks), a few percent of CPU per small message.
	 * @return bytes read, 0 at end of stream, or a negative errno
	 */
	public static long read(int fd, long address, int length) {
		long n = LibC.recv(fd, address, length, 0);
		return n < 0 ? -Errno.last() : n;
	}

	/**
	 * Writes from native memory, through {@code send} for the same reason as {@link #read}, with
	 * {@code MSG_NOSIGNAL} so that a write to a reset peer returns {@code EPIPE} whatever the
	 * process's SIGPIPE disposition.
	 * @return bytes written, or a negative errno
	 */
	public static long write(int fd, long address, int length) {
		long n = LibC.send(fd, address, length, MSG_NOSIGNAL);
		return n < 0 ? -Errno.last() : n;
	}

	/**
	 * Writes from several native blocks in one call: {@code sendmsg} rather than {@code writev},
	 * because only the socket call takes {@code MSG_NOSIGNAL} (see {@link #write}).
	 * @param message the loop's header, pointing at its iovec array
	 * @param count how many iovecs of that array to write from
	 * @return bytes written, or a negative errno
	 */
	public static long writev(int fd, MessageHeader message, int count) {
		message.iovecCount(count);
		long n = LibC.sendmsg(fd, message.address(), MSG_NOSIGNAL);
		return n < 0 ? -Errno.last() : n;
	}

	/**
	 * Shuts down the sending side (sends FIN).
	 * @param fd the socket
	 */
	public static void shutdownOutput(int fd) {
		LibC.shutdown(fd, SHUT_WR);
	}

	/**
	 * Closes an fd.
	 * @param fd the fd
	 * @return 0, or a negative errno
	 */
	public static int close(int fd) {
		return LibC.close(fd) < 0 ? -Errno.last() : 0;
	}

	/**
	 * Sets an integer socket option.
	 */
	static void setInt(int fd, int level, int option, int value, String name) {
		ByteBuffer buffer = NativeMemory.allocate(4);
		buffer.putInt(0, value);
		if (LibC.setsockopt(fd, level, option, NativeMemory.address(buffer), 4) < 0) {
			throw new NativeCallException("setsockopt(" + name + ")", Errno.last());
		}
	}

	private static int getInt(int fd, int level, int option, String name) {
		ByteBuffer buffer = NativeMemory.allocate(8);
		buffer.putInt(4, 4);
		long address = NativeMemory.address(buffer);
		if (LibC.getsockopt(fd, level, option, address, address + 4) < 0) {
			throw new NativeCallException("getsockopt(" + name + ")", Errno.last());
		}
		return buffer.getInt(0);
	}

	public static void setReuseAddress(int fd, boolean on) {
		setInt(fd, SOL_SOCKET, SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR");
	}

	public static void setReusePort(int fd, boolean on) {
		setInt(fd, SOL_SOCKET, SO_REUSEPORT, on ? 1 : 0, "SO_REUSEPORT");
	}

	public static void setTcpNoDelay(int fd, boolean on) {
		setInt(fd, IPPROTO_TCP, TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
	}

	public static boolean isTcpNoDelay(int fd) {
		return getInt(fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY") != 0;
	}

	public static void setKeepAlive(int fd, boolean on) {
		setInt(fd, SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0, "SO_KEEPALIVE");
	}

	public static boolean isKeepAlive(int fd) {
		return getInt(fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE") != 0;
	}

	public static void setReceiveBufferSize(int fd, int bytes) {
		setInt(fd, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF");
	}

	public static void setSendBufferSize(int fd, int bytes) {
		setInt(fd, SOL_SOCKET, SO_SNDBUF, bytes, "SO_SNDBUF");
	}

	/**
	 * {@code SO_RCVBUF} as the kernel reports it: Linux doubles the value set, for its bookkeeping.
	 * @param fd the socket
	 * @return the buffer size in bytes
	 */
	public static int receiveBufferSize(int fd) {
		return getInt(fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
	}

	/**
	 * {@code SO_SNDBUF} as the kernel reports it: Linux doubles the value set, for its bookkeeping.
	 * @param fd the socket
	 * @return the buffer size in bytes
	 */
	public static int sendBufferSize(int fd) {
		return getInt(fd, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF");
	}

	public static void setKeepAliveIdle(int fd, int seconds) {
		setInt(fd, IPPROTO_TCP, TCP_KEEPIDLE, seconds, "TCP_KEEPIDLE");
	}

	public static int keepAliveIdle(int fd) {
		return getInt(fd, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE");
	}

	public static void setKeepAliveInterval(int fd, int seconds) {
		setInt(fd, IPPROTO_TCP, TCP_KEEPINTVL, seconds, "TCP_KEEPINTVL");
	}

	public static int keepAliveInterval(int fd) {
		return getInt(fd, IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL");
	}

	public static void setKeepAliveCount(int fd, int count) {
		setInt(fd, IPPROTO_TCP, TCP_KEEPCNT, count, "TCP_KEEPCNT");
	}

	public static int keepAliveCount(int fd) {
		return getInt(fd, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT");
	}

	/**
	 * {@code SO_LINGER}'s timeout.
	 * @param fd the socket
	 * @return the linger time in seconds, or -1 when lingering is off
	 */
	public static int linger(int fd) {
		ByteBuffer linger = NativeMemory.allocate(12);
		linger.putInt(8, 8);
		long address = NativeMemory.address(linger);
		if (LibC.getsockopt(fd, SOL_SOCKET, SO_LINGER, address, address + 8) < 0) {
			throw new NativeCallException("getsockopt(SO_LINGER)", Errno.last());
		}
		return (linger.getInt(0) != 0) ? linger.getInt(4) : -1;
	}

	/**
	 * Makes the next {@link #close} send RST instead of FIN ({@code SO_LINGER} with a zero timeout).
	 * @param fd the socket
	 */
	public static void setLingerZero(int fd) {
		ByteBuffer linger = NativeMemory.allocate(8);
		linger.putInt(0, 1);
		linger.putInt(4, 0);
		if (LibC.setsockopt(fd, SOL_SOCKET, SO_LINGER, NativeMemory.address(linger), 8) < 0) {
			throw new NativeCallException("setsockopt(SO_LINGER)", Errno.last());
		}
	}

	/**
	 * Reads and clears the pending socket error.
	 * @param fd the socket
	 * @return the errno, or 0
	 */
	public static int pendingError(int fd) {
		return getInt(fd, SOL_SOCKET, SO_ERROR, "SO_ERROR");
	}

	/**
	 * Local address of a socket: an {@link InetSocketAddress} or a
	 * {@link java.net.UnixDomainSocketAddress}.
	 * @param fd the socket
	 * @return the address
	 */
	public static SocketAddress localAddress(int fd) {
		return address(fd, "getsockname", LibC::getsockname);
	}

	/**
	 * Remote address of a connected socket: an {@link InetSocketAddress} or a
	 * {@link java.net.UnixDomainSocketAddress} (empty path for an unnamed client socket).
	 * @param fd the socket
	 * @return the address
	 */
	public static SocketAddress remoteAddress(int fd) {
		return address(fd, "getpeername", LibC::getpeername);
	}

	/**
	 * Local address of a socket, through a preallocated buffer.
	 * @param fd the socket
	 * @param buffer receives the address
	 * @return the address, or {@code null} if the kernel refused ({@code getsockname} failed)
	 */
	public static SocketAddress localAddress(int fd, SocketAddressBuffer buffer) {
		if (LibC.getsockname(fd, buffer.prepare(), buffer.lengthAddress()) < 0) {
			return null;
		}
		return buffer.decode();
	}

	/**
	 * Asks the kernel for one of a socket's addresses: a sockaddr buffer followed by its length,
	 * filled in by {@code getsockname} or {@code getpeername}.
	 */
	private static SocketAddress address(int fd, String call, AddressQuery query) {
		SocketAddressBuffer buffer = new SocketAddressBuffer();
		if (query.call(fd, buffer.prepare(), buffer.lengthAddress()) < 0) {
			throw new NativeCallException(call, Errno.last());
		}
		return buffer.decode();
	}

	/** {@code getsockname} or {@code getpeername}: same arguments, other end of the socket. */
	@FunctionalInterface
	private interface AddressQuery {

		int call(int fd, long address, long addressLengthPointer);

	}

	/**
	 * Opens {@code /dev/null}: the spare fd given up to accept-and-close a connection when the
	 * process runs out of fds.
	 * @return the fd, or a negative errno
	 */
	public static int openReserveFd() {
		int fd = LibC.open("/dev/null", O_RDONLY | O_CLOEXEC);
		return fd < 0 ? -Errno.last() : fd;
	}

}
