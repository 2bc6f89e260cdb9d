package dev.sockloop.datagram;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One UDP datagram: its payload and the peer it came from or goes to. A datagram a server receives
 * carries its sender; a datagram a handler emits is sent to its {@link #sender() address}, so that
 * the usual reply is {@code datagram.reply(payload)}.
 *
 * <p>A received payload is a heap buffer of its own (position 0, limit the datagram's length), the
 * application's to keep: no reference counting, no release.
 *
 * @param payload the bytes, from position to limit
 * @param sender the peer: who sent a received datagram, where an emitted one goes
 */
public record Datagram(ByteBuffer payload, InetSocketAddress sender) {

	/**
	 * Creates a datagram.
	 * @param payload the bytes, from position to limit
	 * @param sender the peer
	 */
	public Datagram {
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(sender, "sender");
	}

	/**
	 * A datagram to send to a peer.
	 * @param recipient where to send it
	 * @param payload the bytes, from position to limit
	 * @return the datagram
	 */
	public static Datagram to(InetSocketAddress recipient, ByteBuffer payload) {
		return new Datagram(payload, recipient);
	}

	/**
	 * A datagram back to this one's sender.
	 * @param payload the bytes, from position to limit
	 * @return the reply
	 */
	public Datagram reply(ByteBuffer payload) {
		return new Datagram(payload, this.sender);
	}

	/**
	 * Where an emitted datagram goes: the same as {@link #sender()}, named for the sending side.
	 * @return the peer
	 */
	public InetSocketAddress recipient() {
		return this.sender;
	}

}
