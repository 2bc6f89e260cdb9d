package dev.sockloop.internal.linux;

/**
 * The socket calls a loop makes for every message: {@code recv}, {@code send} and {@code sendmsg}
 * on a connected, non-blocking socket. Everything else (setting up sockets, epoll, datagrams) goes
 * through {@link Sockets} and JNA; these few calls are worth a faster way into the C library where
 * the JVM offers one.
 *
 * <ul>
 * <li>On Java 17 to 21 (and wherever the faster binding is unavailable or turned off):
 * {@link JnaSocketCalls}, the same JNA direct calls as {@link Sockets}, on native memory only.
 * <li>On Java 22 and later: {@code FfmSocketCalls}, downcalls through the FFM API linked as
 * <em>critical</em> functions (no thread-state transition, about a third cheaper per call than JNA
 * here), which also take a heap array's address directly ({@link #heapAccess()}), so {@code recv}
 * can write into the array a handler receives and {@code send} read from the array a handler
 * returns, with no copy through native memory. It lives in the jar's {@code META-INF/versions/22}:
 * a Java 17 runtime never sees it, and a jar built on JDK 17 does not contain it.
 * </ul>
 *
 * <p>A critical call holds back the garbage collector for its duration: {@code recv},
 * {@code send} and {@code sendmsg} on a non-blocking socket return in microseconds, which is what the
 * option is for. Calls that may block (such as {@code epoll_wait}) do not belong here.
 *
 * <p>One instance per loop (the FFM binding holds the memory errno is captured into); loop thread
 * only. Every call returns the bytes moved, or a negative errno; {@code recv} returns 0 at end of
 * stream.
 */
public abstract class SocketCalls {

	/**
	 * System property that turns the FFM binding off ({@code false}) even where it is available, so
	 * that JNA makes every call: for comparing both on one JVM, and as an escape hatch. Read when a
	 * loop is created.
	 */
	public static final String FFM_PROPERTY = "sockloop.internal.ffm-socket-calls";

	/** {@code MSG_NOSIGNAL}: a send to a reset peer returns {@code EPIPE} rather than raising SIGPIPE. */
	protected static final int MSG_NOSIGNAL = 0x4000;

	private static final String FFM_IMPLEMENTATION = "dev.sockloop.internal.linux.FfmSocketCalls";

	/** The first Java release whose FFM API is final and takes heap segments in critical downcalls. */
	private static final int FFM_RELEASE = 22;

	/**
	 * Creates the calls for one loop: through the FFM API where available and not turned off,
	 * through JNA otherwise.
	 * @return the calls
	 */
	public static SocketCalls create() {
		SocketCalls ffm = createFfm();
		return (ffm != null) ? ffm : new JnaSocketCalls();
	}

	private static SocketCalls createFfm() {
		if (Runtime.version().feature() < FFM_RELEASE
				|| "false".equalsIgnoreCase(System.getProperty(FFM_PROPERTY))) {
			return null;
		}
		try {
			return (SocketCalls) Class.forName(FFM_IMPLEMENTATION).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			// Not a multi-release jar (a JDK 17 build), or --enable-native-access denies it: JNA
			// works everywhere.
			return null;
		}
	}

	/**
	 * {@code recv(fd, address, length, 0)}.
	 * @param fd a non-blocking socket
	 * @param address native memory to read into
	 * @param length bytes at most
	 * @return bytes read, 0 at end of stream, or a negative errno
	 */
	public abstract long recv(int fd, long address, int length);

	/**
	 * {@code send(fd, address, length, MSG_NOSIGNAL)}.
	 * @param fd a non-blocking socket
	 * @param address native memory to send from
	 * @param length bytes at most
	 * @return bytes written, or a negative errno
	 */
	public abstract long send(int fd, long address, int length);

	/**
	 * {@code sendmsg(fd, message, MSG_NOSIGNAL)} over the first {@code count} iovecs of the
	 * message's array.
	 * @param fd a non-blocking socket
	 * @param message the loop's message header
	 * @param count iovecs to gather
	 * @return bytes written, or a negative errno
	 */
	public abstract long sendmsg(int fd, MessageHeader message, int count);

	/**
	 * Whether {@link #recv(int, byte[], int, int)} and {@link #send(int, byte[], int, int)} work.
	 * @return {@code true} on the FFM binding
	 */
	public abstract boolean heapAccess();

	/**
	 * {@code recv(fd, array + offset, length, 0)}, straight into a heap array.
	 * @param fd a non-blocking socket
	 * @param array where the bytes go
	 * @param offset first index to write
	 * @param length bytes at most
	 * @return bytes read, 0 at end of stream, or a negative errno
	 * @throws UnsupportedOperationException unless {@link #heapAccess()}
	 */
	public abstract long recv(int fd, byte[] array, int offset, int length);

	/**
	 * {@code send(fd, array + offset, length, MSG_NOSIGNAL)}, straight from a heap array.
	 * @param fd a non-blocking socket
	 * @param array the bytes
	 * @param offset first index to send
	 * @param length bytes at most
	 * @return bytes written, or a negative errno
	 * @throws UnsupportedOperationException unless {@link #heapAccess()}
	 */
	public abstract long send(int fd, byte[] array, int offset, int length);

}
