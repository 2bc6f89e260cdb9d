/**
 * The JNA bindings to Linux libc, for the epoll transport and the loops' native buffers: socket
 * calls on raw file descriptors (hot-path calls return a negative errno rather than throw), errno
 * values, {@code struct sockaddr} and {@code struct msghdr} encodings, native memory as direct
 * buffers, and the process's open-files limit. Not API, may change without notice: only Sockloop's
 * own modules may use it.
 */
package dev.sockloop.internal.linux;
