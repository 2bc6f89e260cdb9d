package dev.sockloop.internal.transport.epoll;

import com.sun.jna.Platform;

import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.internal.linux.Sockets;

/**
 * The epoll and eventfd calls, with errors returned as negative errno on the hot path.
 */
public final class Epoll {

	public static final int EPOLLIN = 0x001;

	public static final int EPOLLOUT = 0x004;

	public static final int EPOLLERR = 0x008;

	public static final int EPOLLHUP = 0x010;

	public static final int EPOLLRDHUP = 0x2000;

	static final int EPOLL_CTL_ADD = 1;

	static final int EPOLL_CTL_DEL = 2;

	static final int EPOLL_CTL_MOD = 3;

	static final int EPOLL_CLOEXEC = 0x80000;

	static final int EFD_NONBLOCK = 0x800;

	static final int EFD_CLOEXEC = 0x80000;

	private static final Throwable UNAVAILABILITY_CAUSE = probe();

	private Epoll() {
	}

	/**
	 * Whether epoll can be used on this host (Linux, 64-bit, libc reachable through JNA).
	 * @return {@code true} if Sockloop's engine can run here
	 */
	public static boolean isAvailable() {
		return UNAVAILABILITY_CAUSE == null;
	}

	/**
	 * Why epoll cannot be used, if it cannot.
	 * @return the cause, or {@code null} when available
	 */
	public static Throwable unavailabilityCause() {
		return UNAVAILABILITY_CAUSE;
	}

	/**
	 * Fails with one clear sentence when epoll cannot be used.
	 * @throws IllegalStateException if epoll is unavailable
	 */
	public static void ensureAvailable() {
		if (UNAVAILABILITY_CAUSE != null) {
			throw new IllegalStateException("Sockloop needs Linux epoll on a 64-bit JVM, which is not available here ("
					+ System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): "
					+ UNAVAILABILITY_CAUSE.getMessage(), UNAVAILABILITY_CAUSE);
		}
	}

	private static Throwable probe() {
		try {
			if (!Platform.isLinux()) {
				return new UnsupportedOperationException("the operating system is not Linux");
			}
			if (!Platform.is64Bit()) {
				return new UnsupportedOperationException("the JVM is not 64-bit");
			}
			int fd = EpollNative.epoll_create1(EPOLL_CLOEXEC);
			if (fd < 0) {
				return new NativeCallException("epoll_create1", Errno.last());
			}
			Sockets.close(fd);
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	/**
	 * Creates an epoll instance.
	 * @return its fd
	 */
	public static int create() {
		int fd = EpollNative.epoll_create1(EPOLL_CLOEXEC);
		if (fd < 0) {
			throw new NativeCallException("epoll_create1", Errno.last());
		}
		return fd;
	}

	/**
	 * Creates a non-blocking eventfd used to wake a loop.
	 * @return its fd
	 */
	public static int createEventFd() {
		int fd = EpollNative.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (fd < 0) {
			throw new NativeCallException("eventfd", Errno.last());
		}
		return fd;
	}

	/**
	 * Adds an fd to the epoll set.
	 * @param epollFd the epoll fd
	 * @param fd the fd to watch
	 * @param events interest mask
	 * @param data the 64-bit tag the kernel hands back with each event
	 * @param scratch the loop's event array, whose spare {@code epoll_event} carries the arguments
	 * @return 0, or a negative errno
	 */
	public static int add(int epollFd, int fd, int events, long data, EpollEventArray scratch) {
		return ctl(epollFd, EPOLL_CTL_ADD, fd, events, data, scratch);
	}

	/**
	 * Changes the interest mask of a watched fd.
	 * @param epollFd the epoll fd
	 * @param fd the watched fd
	 * @param events new interest mask
	 * @param data the 64-bit tag, unchanged from {@link #add}
	 * @param scratch the loop's event array, whose spare {@code epoll_event} carries the arguments
	 * @return 0, or a negative errno
	 */
	public static int modify(int epollFd, int fd, int events, long data, EpollEventArray scratch) {
		return ctl(epollFd, EPOLL_CTL_MOD, fd, events, data, scratch);
	}

	/**
	 * Removes an fd from the epoll set. Closing an fd removes it as well, so this is needed only for
	 * fds that stay open.
	 * @param epollFd the epoll fd
	 * @param fd the watched fd
	 * @return 0, or a negative errno
	 */
	public static int remove(int epollFd, int fd) {
		int rc = EpollNative.epoll_ctl(epollFd, EPOLL_CTL_DEL, fd, 0);
		return rc < 0 ? -Errno.last() : rc;
	}

	private static int ctl(int epollFd, int op, int fd, int events, long data, EpollEventArray scratch) {
		scratch.writeScratch(events, data);
		int rc = EpollNative.epoll_ctl(epollFd, op, fd, scratch.scratchAddress());
		return rc < 0 ? -Errno.last() : rc;
	}

	/**
	 * Waits for ready events.
	 * @param epollFd the epoll fd
	 * @param events where the kernel writes ready events
	 * @param timeoutMillis -1 to wait forever, 0 to poll
	 * @return the number of ready events, or a negative errno ({@code -EINTR} on a signal)
	 */
	public static int wait(int epollFd, EpollEventArray events, int timeoutMillis) {
		int n = EpollNative.epoll_wait(epollFd, events.address(), events.capacity(), timeoutMillis);
		return n < 0 ? -Errno.last() : n;
	}

	/**
	 * Adds one to an eventfd's counter, making it readable.
	 * @param eventFd the eventfd
	 * @param oneAddress address of 8 bytes of native memory holding the value 1
	 */
	public static void signal(int eventFd, long oneAddress) {
		// EAGAIN only if the counter would overflow, which means the loop is awake anyway.
		EpollNative.write(eventFd, oneAddress, 8);
	}

	/**
	 * Resets an eventfd's counter so it is no longer readable (level-triggered epoll would
	 * otherwise return at once forever).
	 * @param eventFd the eventfd
	 * @param scratchAddress 8 bytes of native memory
	 */
	public static void drain(int eventFd, long scratchAddress) {
		EpollNative.read(eventFd, scratchAddress, 8);
	}

}
