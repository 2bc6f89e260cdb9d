/**
 * The NIO transport, top to bottom: a JDK {@link java.nio.channels.Selector} per loop ({@code
 * NioPoller}), its listener, connector and connection on JDK socket channels; it runs wherever the
 * JDK does. Not API, may change without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal.transport.nio;
