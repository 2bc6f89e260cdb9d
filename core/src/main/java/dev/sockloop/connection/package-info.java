/**
 * What an application sees of one connection. A {@link dev.sockloop.connection.ConnectionHandler}
 * is given each accepted (or connected) {@link dev.sockloop.connection.Connection} on its event
 * loop and returns a publisher whose completion closes it; the connection's {@code receive()}
 * emits the bytes read as the handler asks for them, and {@code send(...)} writes a publisher of
 * buffers with backpressure. A send that cannot complete because the connection closed first fails
 * with {@link dev.sockloop.connection.ClosedConnectionException}.
 */
package dev.sockloop.connection;
