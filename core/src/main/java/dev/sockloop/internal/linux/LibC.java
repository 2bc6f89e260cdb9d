package dev.sockloop.internal.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Direct-mapped libc functions for sockets and limits: with the epoll transport's own
 * {@code EpollNative}, the only place Sockloop crosses into native code.
 *
 * <p>Only primitive arguments: native memory is passed as a {@code long} address, never as a
 * {@code Structure} or a heap array, so that a call costs one JNA direct dispatch (about 80 ns
 * here) on top of the syscall. {@code size_t} and {@code ssize_t} map to {@code long}: Sockloop
 * supports 64-bit Linux only. Failures return -1 and leave errno in {@link Native#getLastError()};
 * see {@link Errno}.
 *
 * <p><b>Warning:</b> every address passed here must point to live native memory of the right size;
 * a wrong address crashes the JVM.
 */
final class LibC {

	static {
		Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
	}

	private LibC() {
	}

	static native int socket(int domain, int type, int protocol);

	static native int bind(int fd, long address, int addressLength);

	static native int listen(int fd, int backlog);

	static native int accept4(int fd, long address, long addressLengthPointer, int flags);

	static native int connect(int fd, long address, int addressLength);

	static native long recv(int fd, long buffer, long count, int flags);

	static native long send(int fd, long buffer, long count, int flags);

	static native long readv(int fd, long iovecs, int iovecCount);

	static native long sendmsg(int fd, long message, int flags);

	static native int recvmmsg(int fd, long messages, int count, int flags, long timeout);

	static native int sendmmsg(int fd, long messages, int count, int flags);

	static native int shutdown(int fd, int how);

	static native int close(int fd);

	static native int setsockopt(int fd, int level, int option, long value, int valueLength);

	static native int getsockopt(int fd, int level, int option, long value, long valueLengthPointer);

	static native int getsockname(int fd, long address, long addressLengthPointer);

	static native int getpeername(int fd, long address, long addressLengthPointer);

	static native int getrlimit(int resource, long rlimit);

	static native int setrlimit(int resource, long rlimit);

	static native int open(String path, int flags);

	static native String strerror(int errno);

}
