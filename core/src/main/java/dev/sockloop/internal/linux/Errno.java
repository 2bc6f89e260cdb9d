package dev.sockloop.internal.linux;

import com.sun.jna.Native;

/**
 * Linux errno values Sockloop acts on (identical on x86_64 and aarch64), and their names.
 */
public final class Errno {

	public static final int EPERM = 1;

	public static final int ENOENT = 2;

	public static final int EINTR = 4;

	public static final int EBADF = 9;

	public static final int EAGAIN = 11;

	public static final int ENOMEM = 12;

	public static final int EACCES = 13;

	public static final int EINVAL = 22;

	public static final int ENFILE = 23;

	public static final int EMFILE = 24;

	public static final int EPIPE = 32;

	public static final int EADDRINUSE = 98;

	public static final int EADDRNOTAVAIL = 99;

	public static final int ECONNABORTED = 103;

	public static final int ECONNRESET = 104;

	public static final int ENOBUFS = 105;

	public static final int ENOTCONN = 107;

	public static final int ETIMEDOUT = 110;

	public static final int ECONNREFUSED = 111;

	public static final int EINPROGRESS = 115;

	private Errno() {
	}

	/**
	 * The errno left by the last native call on this thread.
	 * @return the errno
	 */
	public static int last() {
		return Native.getLastError();
	}

	/**
	 * Symbolic name of an errno, such as {@code EADDRINUSE}.
	 * @param errno the errno
	 * @return its name, or {@code errno N} for one Sockloop does not name
	 */
	public static String name(int errno) {
		return switch (errno) {
			case EPERM -> "EPERM";
			case ENOENT -> "ENOENT";
			case EINTR -> "EINTR";
			case EBADF -> "EBADF";
			case EAGAIN -> "EAGAIN";
			case ENOMEM -> "ENOMEM";
			case EACCES -> "EACCES";
			case EINVAL -> "EINVAL";
			case ENFILE -> "ENFILE";
			case EMFILE -> "EMFILE";
			case EPIPE -> "EPIPE";
			case EADDRINUSE -> "EADDRINUSE";
			case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
			case ECONNABORTED -> "ECONNABORTED";
			case ECONNRESET -> "ECONNRESET";
			case ENOBUFS -> "ENOBUFS";
			case ENOTCONN -> "ENOTCONN";
			case ETIMEDOUT -> "ETIMEDOUT";
			case ECONNREFUSED -> "ECONNREFUSED";
			case EINPROGRESS -> "EINPROGRESS";
			default -> "errno " + errno;
		};
	}

	/**
	 * Name and description, such as {@code EADDRINUSE (Address already in use)}.
	 * @param errno the errno
	 * @return a readable description
	 */
	public static String describe(int errno) {
		return name(errno) + " (" + LibC.strerror(errno) + ")";
	}

}
