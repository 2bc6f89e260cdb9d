package dev.sockloop.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sockloop.benchmarks.report.Json;
import org.HdrHistogram.Histogram;

/**
 * Connection churn: {@code parallel} clients at a time each connect, send 16 bytes, wait for the
 * echo, verify it and close, then start over. Measures the server's accept-and-close cost.
 *
 * <p>The client closes first, so TIME_WAIT lands on the client side, where the kernel's loopback
 * {@code tcp_tw_reuse} lets ports be reused; the server sees a FIN and closes normally.
 */
public final class ChurnGenerator {

	private static final int MESSAGE_SIZE = 16;

	private final InetSocketAddress address;

	private final int parallel;

	private final Duration warmup;

	private final Duration duration;

	private final PayloadPattern pattern = new PayloadPattern(MESSAGE_SIZE);

	private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

	private long measuredConnections;

	private long errors;

	private long sequence;

	/**
	 * Creates a generator.
	 * @param address server address
	 * @param parallel connections in progress at a time
	 * @param warmup time before measuring
	 * @param duration time measured
	 */
	public ChurnGenerator(InetSocketAddress address, int parallel, Duration warmup, Duration duration) {
		this.address = address;
		this.parallel = parallel;
		this.warmup = warmup;
		this.duration = duration;
	}

	/**
	 * Runs the churn on the calling thread.
	 * @return one line of JSON with {@code connsPerSec}, latency of a whole connect-echo-close cycle
	 * and errors
	 * @throws IOException if the selector cannot be opened
	 */
	public Map<String, Object> run() throws IOException {
		long measureFrom = System.nanoTime() + this.warmup.toNanos();
		long measureUntil = measureFrom + this.duration.toNanos();
		MeasurementWindow.announce(measureFrom, measureUntil);
		long measuringSince = 0;
		boolean measuring = false;
		try (Selector selector = Selector.open()) {
			for (int i = 0; i < this.parallel; i++) {
				start(selector);
			}
			while (true) {
				long now = System.nanoTime();
				if (!measuring && now >= measureFrom) {
					measuring = true;
					measuringSince = now;
				}
				if (now >= measureUntil) {
					break;
				}
				selector.select(100);
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					Cycle cycle = (Cycle) key.attachment();
					boolean done;
					try {
						done = cycle.advance(key);
					}
					catch (IOException ex) {
						this.errors++;
						done = true;
					}
					if (done) {
						if (cycle.ok && measuring) {
							this.measuredConnections++;
							this.latency.recordValue(Math.min(System.nanoTime() - cycle.startNanos,
									this.latency.getHighestTrackableValue()));
						}
						cycle.close();
						start(selector);
					}
				}
			}
			for (SelectionKey key : selector.keys()) {
				((Cycle) key.attachment()).close();
			}
			double seconds = (System.nanoTime() - measuringSince) / 1e9;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("kind", "churn");
			result.put("parallel", this.parallel);
			result.put("seconds", seconds);
			result.put("connections", this.measuredConnections);
			result.put("connsPerSec", this.measuredConnections / seconds);
			result.put("p50Us", this.latency.getValueAtPercentile(50) / 1000.0);
			result.put("p99Us", this.latency.getValueAtPercentile(99) / 1000.0);
			result.put("p999Us", this.latency.getValueAtPercentile(99.9) / 1000.0);
			result.put("errors", this.errors);
			return result;
		}
	}

	/**
	 * Prints a result the way the compare command expects.
	 * @param result from {@link #run()}
	 * @return the human line followed by the JSON line
	 */
	public static String describe(Map<String, Object> result) {
		return String.format("churn: %,.0f connections/s, cycle p50 %.0f us, p99 %.0f us, errors %s%n%s",
				(Double) result.get("connsPerSec"), (Double) result.get("p50Us"), (Double) result.get("p99Us"),
				result.get("errors"), Json.write(result));
	}

	private void start(Selector selector) {
		try {
			SocketChannel channel = SocketChannel.open();
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			Cycle cycle = new Cycle(channel, this.sequence++);
			SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT, cycle);
			if (channel.connect(this.address)) {
				cycle.advance(key);
			}
		}
		catch (IOException ex) {
			this.errors++;
		}
	}

	/**
	 * One connect, echo, close cycle.
	 */
	private final class Cycle {

		final SocketChannel channel;

		final long startNanos = System.nanoTime();

		final long base;

		final ByteBuffer out;

		final ByteBuffer in = ByteBuffer.allocate(MESSAGE_SIZE);

		boolean ok;

		Cycle(SocketChannel channel, long sequence) {
			this.channel = channel;
			this.base = (sequence * 7_919L) % PayloadPattern.PERIOD;
			this.out = ByteBuffer.allocate(MESSAGE_SIZE);
			ByteBuffer view = ChurnGenerator.this.pattern.newWriteView();
			this.out.put(ChurnGenerator.this.pattern.slice(view, this.base, MESSAGE_SIZE)).flip();
		}

		/**
		 * Moves the cycle on.
		 * @return whether the cycle is over
		 */
		boolean advance(SelectionKey key) throws IOException {
			if (key.isValid() && key.isConnectable()) {
				if (!this.channel.finishConnect()) {
					return false;
				}
				key.interestOps(SelectionKey.OP_READ);
			}
			if (this.out.hasRemaining()) {
				this.channel.write(this.out);
				if (this.out.hasRemaining()) {
					key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
					return false;
				}
				key.interestOps(SelectionKey.OP_READ);
			}
			int read = this.channel.read(this.in);
			if (read < 0) {
				throw new IOException("Server closed before echoing");
			}
			if (this.in.hasRemaining()) {
				return false;
			}
			if (!ChurnGenerator.this.pattern.matches(this.in.array(), 0, MESSAGE_SIZE, this.base)) {
				throw new IOException("Echo differs from what was sent");
			}
			this.ok = true;
			return true;
		}

		void close() {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// The cycle is over either way.
			}
		}

	}

}
