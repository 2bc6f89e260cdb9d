package dev.sockloop.internal.linux;

import java.nio.ByteBuffer;

/**
 * The process's open-files limit ({@code RLIMIT_NOFILE}).
 * <pre>
 * struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; };   // two unsigned 64-bit values
 * </pre>
 */
public final class FileDescriptorLimit {

	private static final int RLIMIT_NOFILE = 7;

	private FileDescriptorLimit() {
	}

	/**
	 * Current soft limit.
	 * @return the soft limit
	 */
	public static long soft() {
		return read().getLong(0);
	}

	/**
	 * Current hard limit.
	 * @return the hard limit
	 */
	public static long hard() {
		return read().getLong(8);
	}

	/**
	 * Raises the soft limit to the hard limit, as a server that holds many connections needs.
	 * @return the soft limit now in force
	 */
	public static synchronized long raiseToHard() {
		ByteBuffer limit = read();
		if (limit.getLong(0) != limit.getLong(8)) {
			limit.putLong(0, limit.getLong(8));
			if (LibC.setrlimit(RLIMIT_NOFILE, NativeMemory.address(limit)) < 0) {
				throw new NativeCallException("setrlimit(RLIMIT_NOFILE)", Errno.last());
			}
		}
		return soft();
	}

	private static ByteBuffer read() {
		ByteBuffer limit = NativeMemory.allocate(16);
		if (LibC.getrlimit(RLIMIT_NOFILE, NativeMemory.address(limit)) < 0) {
			throw new NativeCallException("getrlimit(RLIMIT_NOFILE)", Errno.last());
		}
		return limit;
	}

}
