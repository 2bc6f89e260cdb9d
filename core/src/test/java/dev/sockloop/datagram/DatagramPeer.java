package dev.sockloop.datagram;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A plain JDK UDP socket for tests: sends datagrams and waits, with a timeout, for the answers.
 */
public final class DatagramPeer implements AutoCloseable {

	private final DatagramSocket socket;

	/**
	 * Opens a peer bound to an ephemeral port on the given loopback address.
	 * @param host {@code 127.0.0.1} or {@code ::1}
	 * @throws IOException if the socket cannot be opened
	 */
	public DatagramPeer(String host) throws IOException {
		this.socket = new DatagramSocket(new InetSocketAddress(host, 0));
		this.socket.setSoTimeout(5000);
	}

	/** @return the peer's address */
	public InetSocketAddress address() {
		return (InetSocketAddress) this.socket.getLocalSocketAddress();
	}

	/**
	 * Sends one datagram.
	 * @param target where to
	 * @param payload the bytes
	 * @throws IOException if the send fails
	 */
	public void send(InetSocketAddress target, byte[] payload) throws IOException {
		this.socket.send(new DatagramPacket(payload, payload.length, target));
	}

	/**
	 * Waits up to five seconds for a datagram.
	 * @return its payload
	 * @throws IOException on a timeout or a failure
	 */
	public byte[] receive() throws IOException {
		byte[] buffer = new byte[65_536];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		this.socket.receive(packet);
		return Arrays.copyOf(buffer, packet.getLength());
	}

	/**
	 * Waits a short while for a datagram that should not come.
	 * @param millis how long to wait
	 * @return its payload, or {@code null} if none came
	 * @throws IOException on a failure
	 */
	public byte[] receiveNothingWithin(int millis) throws IOException {
		int timeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout(millis);
		try {
			return receive();
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		finally {
			this.socket.setSoTimeout(timeout);
		}
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
