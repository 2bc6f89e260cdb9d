/**
 * The contract between the engine and a transport: {@code TransportProvider} (one per {@link
 * dev.sockloop.transport.Transport} constant: the poller, listening, connecting and the
 * connections it creates), the shared bases of listeners and pending connects, the {@code
 * Acceptor} a listener hands new sockets to, and what a listen or a connect needs ({@code
 * ListenOptions}, {@code ConnectionOwner}, {@code ConnectAttempt}). A new transport is one new
 * sub-package and one enum constant. Not API, may change without notice: only Sockloop's own
 * modules may use it.
 */
package dev.sockloop.internal.transport;
