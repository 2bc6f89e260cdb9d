/**
 * The transport-independent half of a datagram socket: demand-driven reading into a {@code Flux},
 * a bounded send queue fed by the handler's publisher, restarts after handler failures. Each
 * transport extends {@link dev.sockloop.internal.datagram.DatagramEndpoint} with its own reads and
 * writes. Internal: not API.
 */
package dev.sockloop.internal.datagram;
