package dev.sockloop.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Closed-loop echo load: every connection keeps {@code depth} messages in flight, sends the next
 * one as soon as one comes back, and checks every echoed byte against the {@link PayloadPattern}.
 *
 * <p>Each thread owns a selector and a share of the connections, and never blocks: writes that
 * do not fit the socket buffer wait for OP_WRITE. Per message it allocates nothing and copies
 * nothing in user space: it writes from a direct copy of the pattern, reads up to 256 KiB at a time
 * into a direct buffer and compares that with the pattern in place. Latency is measured per message from the moment
 * it was due to be sent to the moment its last byte came back.
 */
public final class LoadGenerator {

	private static final int READ_BUFFER_SIZE = 256 * 1024;

	private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final LoadOptions options;

	/**
	 * Creates a generator.
	 * @param options what to run
	 */
	public LoadGenerator(LoadOptions options) {
		this.options = options;
	}

	/**
	 * Connects, warms up, measures, then closes every connection.
	 * @return what was measured
	 * @throws IOException if a selector cannot be opened
	 * @throws InterruptedException if interrupted while waiting for the threads
	 */
	public LoadResult run() throws IOException, InterruptedException {
		LoadOptions o = this.options;
		PayloadPattern pattern = new PayloadPattern(Math.max(READ_BUFFER_SIZE, o.messageSize() * o.depth()));
		InetSocketAddress address = new InetSocketAddress(o.host(), o.port());
		long start = System.nanoTime();
		long measureFrom = start + o.warmup().toNanos();
		long measureUntil = measureFrom + o.duration().toNanos();
		MeasurementWindow.announce(measureFrom, measureUntil);
		List<Worker> workers = new ArrayList<>();
		for (int t = 0; t < o.threads(); t++) {
			workers.add(new Worker(t, address, pattern, measureFrom, measureUntil));
		}
		for (int c = 0; c < o.connections(); c++) {
			workers.get(c % workers.size()).connectionCount++;
		}
		List<Thread> threads = new ArrayList<>();
		for (Worker worker : workers) {
			Thread thread = new Thread(worker, "load-" + worker.index);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
		long messages = 0;
		long errors = 0;
		int connected = 0;
		double seconds = 0;
		for (Worker worker : workers) {
			latency.add(worker.latency);
			messages += worker.measuredMessages;
			errors += worker.errors;
			connected += worker.connectedAtEnd;
			seconds = Math.max(seconds, worker.measuredNanos / 1e9);
		}
		double perSecond = (seconds > 0) ? messages / seconds : 0;
		return new LoadResult(connected, seconds, messages, perSecond, perSecond * o.messageSize() / 1e6,
				micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
				micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()), errors);
	}

	private static double micros(long nanos) {
		return nanos / 1000.0;
	}

	/**
	 * One selector thread and its connections.
	 */
	private final class Worker implements Runnable {

		final int index;

		final InetSocketAddress address;

		final PayloadPattern pattern;

		final long measureFrom;

		final long measureUntil;

		final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);

		final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

		final ByteBuffer writeView;

		/** The pattern to compare reads with, in place: no copy of the received bytes, no allocation. */
		final ByteBuffer verifyView;

		int connectionCount;

		int connectedAtEnd;

		boolean measuring;

		long measuredMessages;

		long measuredNanos;

		long errors;

		Worker(int index, InetSocketAddress address, PayloadPattern pattern, long measureFrom, long measureUntil) {
			this.index = index;
			this.address = address;
			this.pattern = pattern;
			this.measureFrom = measureFrom;
			this.measureUntil = measureUntil;
			this.writeView = pattern.newWriteView();
			this.verifyView = pattern.newWriteView();
		}

		@Override
		public void run() {
			List<LoadConnection> connections = new ArrayList<>();
			try (Selector selector = Selector.open()) {
				for (int i = 0; i < this.connectionCount; i++) {
					int number = i * LoadGenerator.this.options.threads() + this.index;
					connections.add(open(selector, number));
				}
				long measuringSince = 0;
				while (true) {
					long now = System.nanoTime();
					if (!this.measuring && now >= this.measureFrom) {
						this.measuring = true;
						measuringSince = now;
					}
					if (now >= this.measureUntil) {
						this.measuredNanos = now - measuringSince;
						this.connectedAtEnd = countConnected(connections);
						break;
					}
					long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(
							(this.measuring ? this.measureUntil : this.measureFrom) - now));
					// The consumer form walks the ready keys without an iterator or a selected-key set
					// to clear: the generator must cost as little per message as it can, so that the
					// server, not the generator, runs out of CPU first.
					selector.select(this::handle, Math.min(waitMillis, 100));
				}
			}
			catch (IOException ex) {
				this.errors++;
				ex.printStackTrace();
			}
			finally {
				for (LoadConnection connection : connections) {
					connection.closeQuietly();
				}
			}
		}

		private LoadConnection open(Selector selector, int number) throws IOException {
			SocketChannel channel = SocketChannel.open();
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			LoadConnection connection = new LoadConnection(channel, number);
			connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
			if (channel.connect(this.address)) {
				connected(connection);
			}
			return connection;
		}

		private int countConnected(List<LoadConnection> connections) {
			int count = 0;
			for (LoadConnection connection : connections) {
				if (connection.connected && connection.channel.isOpen()) {
					count++;
				}
			}
			return count;
		}

		private void handle(SelectionKey key) {
			LoadConnection connection = (LoadConnection) key.attachment();
			try {
				if (!key.isValid()) {
					return;
				}
				if (key.isConnectable()) {
					if (connection.channel.finishConnect()) {
						connected(connection);
					}
					return;
				}
				if (key.isWritable()) {
					flush(connection);
				}
				if (key.isValid() && key.isReadable()) {
					read(connection);
				}
			}
			catch (IOException ex) {
				fail(connection);
			}
		}

		private void connected(LoadConnection connection) throws IOException {
			connection.connected = true;
			connection.key.interestOps(SelectionKey.OP_READ);
			long now = System.nanoTime();
			int depth = LoadGenerator.this.options.depth();
			for (int i = 0; i < depth; i++) {
				schedule(connection, now);
			}
			flush(connection);
		}

		private void schedule(LoadConnection connection, long now) {
			int depth = LoadGenerator.this.options.depth();
			connection.sendTimes[(int) (connection.messagesSent % depth)] = now;
			connection.messagesSent++;
			connection.bytesScheduled += LoadGenerator.this.options.messageSize();
		}

		private void flush(LoadConnection connection) throws IOException {
			while (connection.bytesWritten < connection.bytesScheduled) {
				int length = (int) (connection.bytesScheduled - connection.bytesWritten);
				ByteBuffer run = this.pattern.slice(this.writeView, connection.base + connection.bytesWritten, length);
				int written = connection.channel.write(run);
				connection.bytesWritten += written;
				if (written < length) {
					connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
					return;
				}
			}
			if ((connection.key.interestOps() & SelectionKey.OP_WRITE) != 0) {
				connection.key.interestOps(SelectionKey.OP_READ);
			}
		}

		private void read(LoadConnection connection) throws IOException {
			ByteBuffer buffer = this.readBuffer;
			buffer.clear();
			int read = connection.channel.read(buffer);
			if (read < 0) {
				fail(connection);
				return;
			}
			if (read == 0) {
				return;
			}
			long received = connection.bytesReceived;
			if (received + read > connection.bytesWritten
					|| !this.pattern.matches(buffer, 0, read, connection.base + received, this.verifyView)) {
				// More bytes than were sent, or different ones: the stream cannot be trusted any more.
				fail(connection);
				return;
			}
			int size = LoadGenerator.this.options.messageSize();
			int depth = LoadGenerator.this.options.depth();
			long completedBefore = received / size;
			connection.bytesReceived = received + read;
			long completedAfter = connection.bytesReceived / size;
			if (completedAfter == completedBefore) {
				return;
			}
			long now = System.nanoTime();
			boolean sendMore = now < this.measureUntil;
			for (long message = completedBefore; message < completedAfter; message++) {
				if (this.measuring) {
					long nanos = now - connection.sendTimes[(int) (message % depth)];
					this.latency.recordValue(Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
					this.measuredMessages++;
				}
				if (sendMore) {
					schedule(connection, now);
				}
			}
			flush(connection);
		}

		private void fail(LoadConnection connection) {
			if (System.nanoTime() < this.measureUntil) {
				this.errors++;
			}
			connection.closeQuietly();
		}

	}

	/**
	 * The state of one client connection; touched only by its worker thread.
	 */
	private final class LoadConnection {

		final SocketChannel channel;

		/** Stream offset this connection starts at, different for every connection. */
		final long base;

		final long[] sendTimes;

		SelectionKey key;

		boolean connected;

		long messagesSent;

		long bytesScheduled;

		long bytesWritten;

		long bytesReceived;

		LoadConnection(SocketChannel channel, int number) {
			this.channel = channel;
			this.base = (number * 7_919L) % PayloadPattern.PERIOD;
			this.sendTimes = new long[LoadGenerator.this.options.depth()];
		}

		void closeQuietly() {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Closing a client socket at the end of a run: nothing left to do with it.
			}
		}

	}

}
