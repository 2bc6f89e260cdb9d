package dev.sockloop.datagram;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Serves the datagrams of one socket of a {@link DatagramServer}: called once per socket (one per
 * event loop with {@code SO_REUSEPORT}) with the datagrams that socket receives, it returns the
 * datagrams to send, each to its {@link Datagram#recipient() recipient}. An echo:
 * <pre>{@code
 * (datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload()))
 * }</pre>
 *
 * <p>Demand is honoured: while the handler requests nothing the socket is not read, and datagrams
 * arriving meanwhile wait in the kernel's receive buffer, which drops (and counts) what does not
 * fit. What the handler returns is requested as far as the send queue has room. The inbound
 * {@code Flux} completes when the server stops. A handler that fails is counted, logged at a
 * limited rate and called again with a fresh inbound, so that one bad datagram cannot stop a
 * socket for good.
 */
@FunctionalInterface
public interface DatagramSocketHandler {

	/**
	 * Serves one socket.
	 * @param datagrams what the socket receives, signalled on its event loop
	 * @return the datagrams to send; may be empty
	 */
	Publisher<Datagram> handle(Flux<Datagram> datagrams);

}
