package dev.sockloop.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Sends pseudo-random bytes as fast as the socket takes them and never reads. */
public final class FloodingClient implements AutoCloseable {

	private final SocketChannel channel;

	private final Thread thread;

	private final long total;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());

	private final AtomicBoolean stop = new AtomicBoolean();

	public FloodingClient(InetSocketAddress address, long total) throws Exception {
		this.total = total;
		this.channel = SocketChannel.open(address);
		this.channel.configureBlocking(false);
		this.thread = new Thread(this::send, "flooding-client");
		this.thread.start();
	}

	private void send() {
		ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
		new Random(3).nextBytes(chunk.array());
		try (Selector selector = Selector.open()) {
			this.channel.register(selector, SelectionKey.OP_WRITE);
			while (!this.stop.get() && this.sent.get() < this.total) {
				if (selector.select(50) == 0) {
					continue;
				}
				selector.selectedKeys().clear();
				chunk.clear().limit((int) Math.min(chunk.capacity(), this.total - this.sent.get()));
				int n = this.channel.write(chunk);
				if (n > 0) {
					this.sent.addAndGet(n);
					this.lastProgressNanos.set(System.nanoTime());
				}
			}
		}
		catch (Exception ex) {
			// closed by the test
		}
	}

	public long sent() {
		return this.sent.get();
	}

	public boolean done() {
		return this.sent.get() == this.total;
	}

	public boolean stalledFor(Duration duration) {
		return System.nanoTime() - this.lastProgressNanos.get() > duration.toNanos();
	}

	/**
	 * Stops sending and reads until the server ends the stream.
	 * @return how the stream ended
	 */
	public Clients.Ending stopSendingAndDrain() throws Exception {
		this.stop.set(true);
		this.thread.join(5000);
		this.channel.configureBlocking(true);
		this.channel.socket().setSoTimeout(5000);
		return Clients.drainUntilClosed(this.channel.socket());
	}

	@Override
	public void close() throws Exception {
		this.stop.set(true);
		this.thread.join(5000);
		this.channel.close();
	}

}
