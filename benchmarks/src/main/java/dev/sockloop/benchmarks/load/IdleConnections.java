package dev.sockloop.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens connections that never send a byte, and holds them: the server's resident memory per idle
 * connection is what scenario F measures.
 *
 * <p>One process can hold at most about 19,900 of them (open-files limit 20,000); the compare
 * command splits larger counts over several processes.
 */
public final class IdleConnections implements AutoCloseable {

	/** Connections one process may hold, leaving room for the JVM's own files. */
	public static final int MAX_PER_PROCESS = 19_000;

	private final List<SocketChannel> channels = new ArrayList<>();

	private int errors;

	/**
	 * Opens the connections one after the other with blocking connects.
	 * @param address server address
	 * @param count connections to open
	 * @return the held connections
	 */
	public static IdleConnections open(InetSocketAddress address, int count) {
		if (count > MAX_PER_PROCESS) {
			throw new IllegalArgumentException("One process can hold at most " + MAX_PER_PROCESS
					+ " connections (open-files limit); run several idle processes for " + count);
		}
		IdleConnections idle = new IdleConnections();
		for (int i = 0; i < count; i++) {
			try {
				idle.channels.add(SocketChannel.open(address));
			}
			catch (IOException ex) {
				idle.errors++;
				if (idle.errors == 1) {
					System.err.println("connect failed after " + idle.channels.size() + " connections: " + ex);
				}
			}
		}
		return idle;
	}

	/**
	 * Connections open now.
	 * @return the count
	 */
	public int held() {
		return this.channels.size();
	}

	/**
	 * Connects that failed.
	 * @return the count
	 */
	public int errors() {
		return this.errors;
	}

	@Override
	public void close() {
		for (SocketChannel channel : this.channels) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Closing at the end of a run; nothing else to do.
			}
		}
		this.channels.clear();
	}

}
