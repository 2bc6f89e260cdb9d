/**
 * The epoll transport, top to bottom: Linux epoll with an eventfd per loop for wake-ups ({@code
 * EpollPoller}), its listener, connector and connection on raw non-blocking file descriptors, and
 * the JNA bindings only it uses ({@code Epoll}, {@code EpollNative}, {@code EpollEventArray}). Not
 * API, may change without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal.transport.epoll;
