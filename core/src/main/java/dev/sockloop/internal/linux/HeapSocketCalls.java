package dev.sockloop.internal.linux;

/**
 * {@code recv} and {@code send} straight on a Java heap array, without a copy through native
 * memory: on Java 22 and later through the FFM API with {@code Linker.Option.critical(true)}, which
 * passes a heap segment's address to the function while the JVM keeps the array in place; absent on
 * Java 17 to 21, where JNA would copy a heap array twice (its {@code Get/Release<Type>ArrayElements}
 * copy in and back out on HotSpot) and the loop's native buffers stay the only path.
 *
 * <p>The Java 22 implementation, {@code FfmHeapSocketCalls}, lives in the jar's
 * {@code META-INF/versions/22}: a Java 17 runtime never sees it. One instance per loop (it holds the
 * memory errno is captured into); loop thread only.
 *
 * <p>A critical call holds back the garbage collector for its duration; {@code recv} and
 * {@code send} on a non-blocking socket return in microseconds, which is what the option is for.
 */
public abstract class HeapSocketCalls {

	/**
	 * System property that turns the heap calls off ({@code false}) even where they are available:
	 * for comparing both paths on one JVM, and as an escape hatch. Read when a loop is created.
	 */
	public static final String ENABLED_PROPERTY = "sockloop.internal.heap-socket-calls";

	private static final String IMPLEMENTATION = "dev.sockloop.internal.linux.FfmHeapSocketCalls";

	/** The first Java release whose FFM API takes heap segments in critical downcalls. */
	private static final int FIRST_RELEASE = 22;

	/**
	 * Creates the calls for one loop, where available and not turned off.
	 * @return the calls, or {@code null} on Java 17 to 21, when the multi-release part of the jar is
	 * missing, when native access is denied, or when {@link #ENABLED_PROPERTY} is {@code false}
	 */
	public static HeapSocketCalls create() {
		if (Runtime.version().feature() < FIRST_RELEASE
				|| "false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
			return null;
		}
		try {
			return (HeapSocketCalls) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			// Not a multi-release jar (or a Java 17-only build), or --enable-native-access denies it:
			// the native-buffer path works everywhere.
			return null;
		}
	}

	/**
	 * {@code recv(fd, array + offset, length, 0)}.
	 * @param fd a non-blocking socket
	 * @param array where the bytes go
	 * @param offset first index to write
	 * @param length bytes at most
	 * @return bytes read, 0 at end of stream, or a negative errno
	 */
	public abstract long recv(int fd, byte[] array, int offset, int length);

	/**
	 * {@code send(fd, array + offset, length, MSG_NOSIGNAL)}.
	 * @param fd a non-blocking socket
	 * @param array the bytes
	 * @param offset first index to send
	 * @param length bytes at most
	 * @return bytes written, or a negative errno
	 */
	public abstract long send(int fd, byte[] array, int offset, int length);

}
