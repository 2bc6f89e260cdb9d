package dev.sockloop.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import dev.sockloop.server.Clients.Ending;

/**
 * Many loopback client sessions driven by one thread with a selector: each connects, writes its
 * payload (optionally followed by a FIN), and reads until the server ends the stream.
 */
public final class NioClients {

	private NioClients() {
	}

	/**
	 * What one session saw.
	 * @param index the payload's index
	 * @param received every byte received
	 * @param ending how the stream ended, or {@code null} on another failure
	 * @param failure the other failure, or {@code null}
	 */
	public record Result(int index, byte[] received, Ending ending, Throwable failure) {
	}

	/**
	 * Runs one session per payload, at most {@code maxConcurrent} at once.
	 * @return the results, by index
	 */
	public static List<Result> run(InetSocketAddress address, List<byte[]> payloads, boolean finAfterWrite,
			int maxConcurrent, Duration timeout) throws IOException {
		Result[] results = new Result[payloads.size()];
		long deadline = System.nanoTime() + timeout.toNanos();
		ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
		try (Selector selector = Selector.open()) {
			int next = 0;
			int open = 0;
			int finished = 0;
			while (finished < results.length) {
				while (open < maxConcurrent && next < results.length) {
					Session session = new Session(next, payloads.get(next));
					next++;
					open++;
					session.channel = SocketChannel.open();
					session.channel.configureBlocking(false);
					session.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
					if (session.channel.connect(address)) {
						session.channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, session);
					}
					else {
						session.channel.register(selector, SelectionKey.OP_CONNECT, session);
					}
				}
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError("Client sessions not finished after " + timeout + ": "
							+ (results.length - finished) + " of " + results.length);
				}
				selector.select(100);
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					Session session = (Session) key.attachment();
					Result result = session.step(key, readBuffer, finAfterWrite);
					if (result != null) {
						key.cancel();
						session.channel.close();
						results[result.index()] = result;
						open--;
						finished++;
					}
				}
			}
		}
		return Arrays.asList(results);
	}

	/**
	 * Payloads of varied length, each starting with its index, the rest random.
	 */
	public static List<byte[]> distinctPayloads(int count, int minLength, int maxLength, long seed) {
		java.util.Random random = new java.util.Random(seed);
		List<byte[]> payloads = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			byte[] payload = new byte[minLength + random.nextInt(maxLength - minLength + 1)];
			random.nextBytes(payload);
			ByteBuffer.wrap(payload).putInt(0, i);
			payloads.add(payload);
		}
		return payloads;
	}

	private static final class Session {

		final int index;

		final ByteBuffer out;

		final ByteArrayOutputStream in = new ByteArrayOutputStream();

		SocketChannel channel;

		Session(int index, byte[] payload) {
			this.index = index;
			this.out = ByteBuffer.wrap(payload);
		}

		Result step(SelectionKey key, ByteBuffer readBuffer, boolean finAfterWrite) {
			try {
				if (key.isConnectable()) {
					this.channel.finishConnect();
					key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
					return null;
				}
				if (key.isWritable()) {
					this.channel.write(this.out);
					if (!this.out.hasRemaining()) {
						if (finAfterWrite) {
							this.channel.shutdownOutput();
						}
						key.interestOps(SelectionKey.OP_READ);
					}
				}
				if (key.isReadable()) {
					int n;
					while ((n = this.channel.read(readBuffer.clear())) > 0) {
						this.in.write(readBuffer.array(), 0, n);
					}
					if (n < 0) {
						return new Result(this.index, this.in.toByteArray(), Ending.EOF, null);
					}
				}
				return null;
			}
			catch (IOException ex) {
				boolean reset = Clients.isReset(ex);
				return new Result(this.index, this.in.toByteArray(), reset ? Ending.RESET : null, reset ? null : ex);
			}
		}

	}

}
