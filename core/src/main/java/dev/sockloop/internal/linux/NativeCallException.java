package dev.sockloop.internal.linux;

/**
 * A syscall failed with an errno that Sockloop does not handle as a normal outcome. The message
 * names the call and the errno.
 */
public final class NativeCallException extends RuntimeException {

	private final String call;

	private final int errno;

	/**
	 * Creates an exception for a failed call.
	 * @param call the syscall, such as {@code epoll_ctl}
	 * @param errno the errno it left
	 */
	public NativeCallException(String call, int errno) {
		super(call + " failed: " + Errno.describe(errno));
		this.call = call;
		this.errno = errno;
	}

	/**
	 * The syscall that failed.
	 * @return its name
	 */
	public String call() {
		return this.call;
	}

	/**
	 * The errno the call left.
	 * @return the errno
	 */
	public int errno() {
		return this.errno;
	}

}
