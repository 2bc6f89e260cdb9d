package dev.sockloop.internal.transport.epoll;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Direct-mapped libc functions that only the epoll transport calls: the epoll set and the eventfd
 * that wakes a loop, read and written with plain {@code read} and {@code write} (the socket calls
 * in {@link dev.sockloop.internal.linux.Sockets} fail on an eventfd). The same rules as
 * {@code dev.sockloop.internal.linux.LibC}: primitive arguments only, native memory as a {@code long}
 * address, -1 and errno on failure.
 *
 * <p><b>Warning:</b> every address passed here must point to live native memory of the right size;
 * a wrong address crashes the JVM.
 */
final class EpollNative {

	static {
		Native.register(EpollNative.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
	}

	private EpollNative() {
	}

	static native int epoll_create1(int flags);

	static native int epoll_ctl(int epfd, int op, int fd, long event);

	static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

	static native int eventfd(int initialValue, int flags);

	static native long read(int fd, long buffer, long count);

	static native long write(int fd, long buffer, long count);

}
