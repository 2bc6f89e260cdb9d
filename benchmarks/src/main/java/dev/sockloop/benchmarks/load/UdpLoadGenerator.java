package dev.sockloop.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Closed-loop UDP echo load: every peer (a connected {@link DatagramChannel}) keeps {@code depth}
 * datagrams in flight and sends the next as soon as one comes back. Each datagram carries its
 * sequence number and send time, then bytes derived from the sequence number, all checked on
 * return. UDP may lose datagrams: a peer that has heard nothing for {@link #LOSS_TIMEOUT_NANOS}
 * counts what it has in flight as lost and sends afresh, so that a loss costs a pause, not the run.
 */
public final class UdpLoadGenerator {

	/** Header of every datagram: sequence number and send time. */
	static final int HEADER = 16;

	/** Long enough that a reply delayed by a cold server (class loading, JIT) is not taken for a loss. */
	private static final long LOSS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final LoadOptions options;

	private long lost;

	private long corrupt;

	/**
	 * Creates a generator.
	 * @param options what to run: {@code connections} is the number of peers, {@code messageSize} the
	 * datagram size (at least 16 bytes)
	 */
	public UdpLoadGenerator(LoadOptions options) {
		if (options.messageSize() < HEADER || options.messageSize() > 65_507) {
			throw new IllegalArgumentException("UDP datagram size must be between " + HEADER + " and 65507 bytes");
		}
		this.options = options;
	}

	/**
	 * Datagrams counted as lost in the last run's measured window (no echo within a second).
	 * @return the count
	 */
	public long lost() {
		return this.lost;
	}

	/**
	 * Echoes whose bytes differed from what was sent, in the last run.
	 * @return the count
	 */
	public long corrupt() {
		return this.corrupt;
	}

	/**
	 * Opens the peers, warms up, measures, then closes them.
	 * @return what was measured; {@code errors} counts lost and corrupt datagrams
	 * @throws InterruptedException if interrupted while waiting for the threads
	 */
	public LoadResult run() throws InterruptedException {
		LoadOptions o = this.options;
		InetSocketAddress address = new InetSocketAddress(o.host(), o.port());
		long start = System.nanoTime();
		long measureFrom = start + o.warmup().toNanos();
		long measureUntil = measureFrom + o.duration().toNanos();
		MeasurementWindow.announce(measureFrom, measureUntil);
		List<Worker> workers = new ArrayList<>();
		for (int t = 0; t < o.threads(); t++) {
			workers.add(new Worker(t, address, measureFrom, measureUntil));
		}
		for (int p = 0; p < o.connections(); p++) {
			workers.get(p % workers.size()).peerCount++;
		}
		List<Thread> threads = new ArrayList<>();
		for (Worker worker : workers) {
			Thread thread = new Thread(worker, "udp-load-" + worker.index);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
		long messages = 0;
		int peers = 0;
		double seconds = 0;
		this.lost = 0;
		this.corrupt = 0;
		for (Worker worker : workers) {
			latency.add(worker.latency);
			messages += worker.measuredMessages;
			this.lost += worker.lost;
			this.corrupt += worker.corrupt;
			peers += worker.openAtEnd;
			seconds = Math.max(seconds, worker.measuredNanos / 1e9);
		}
		double perSecond = (seconds > 0) ? messages / seconds : 0;
		return new LoadResult(peers, seconds, messages, perSecond, perSecond * o.messageSize() / 1e6,
				latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
				latency.getValueAtPercentile(99.9) / 1000.0, latency.getMaxValue() / 1000.0, this.lost + this.corrupt);
	}

	/** The byte at {@code index} of datagram {@code sequence}'s payload, after the header. */
	static byte patternByte(long sequence, int index) {
		return (byte) (sequence * 31 + index * 7);
	}

	/**
	 * One selector thread and its peers.
	 */
	private final class Worker implements Runnable {

		final int index;

		final InetSocketAddress address;

		final long measureFrom;

		final long measureUntil;

		final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);

		final ByteBuffer readBuffer = ByteBuffer.allocateDirect(65_536);

		final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(65_536);

		int peerCount;

		int openAtEnd;

		long measuredMessages;

		long measuredNanos;

		long lost;

		long corrupt;

		long nextSequence;

		Worker(int index, InetSocketAddress address, long measureFrom, long measureUntil) {
			this.index = index;
			this.address = address;
			this.measureFrom = measureFrom;
			this.measureUntil = measureUntil;
		}

		@Override
		public void run() {
			List<Peer> peers = new ArrayList<>();
			try (Selector selector = Selector.open()) {
				for (int i = 0; i < this.peerCount; i++) {
					DatagramChannel channel = DatagramChannel.open();
					channel.configureBlocking(false);
					channel.connect(this.address);
					Peer peer = new Peer(channel);
					channel.register(selector, SelectionKey.OP_READ, peer);
					peers.add(peer);
					fill(peer, System.nanoTime());
				}
				long measuringSince = 0;
				boolean measuring = false;
				long nextLossCheck = System.nanoTime() + LOSS_TIMEOUT_NANOS;
				while (true) {
					long now = System.nanoTime();
					if (!measuring && now >= this.measureFrom) {
						measuring = true;
						measuringSince = now;
					}
					if (now >= this.measureUntil) {
						this.measuredNanos = now - measuringSince;
						this.openAtEnd = (int) peers.stream().filter((peer) -> peer.channel.isOpen()).count();
						break;
					}
					if (now >= nextLossCheck) {
						for (Peer peer : peers) {
							if (peer.inFlight > 0 && now - peer.lastProgress > LOSS_TIMEOUT_NANOS) {
								if (measuring) {
									this.lost += peer.inFlight;
								}
								peer.inFlight = 0;
								fill(peer, now);
							}
						}
						nextLossCheck = now + LOSS_TIMEOUT_NANOS / 4;
					}
					selector.select(50);
					Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
					while (keys.hasNext()) {
						SelectionKey key = keys.next();
						keys.remove();
						receive((Peer) key.attachment());
					}
				}
			}
			catch (IOException ex) {
				this.corrupt++;
				ex.printStackTrace();
			}
			finally {
				for (Peer peer : peers) {
					try {
						peer.channel.close();
					}
					catch (IOException ex) {
						// Closing a datagram channel loses nothing.
					}
				}
			}
		}

		private void receive(Peer peer) throws IOException {
			int size = UdpLoadGenerator.this.options.messageSize();
			while (true) {
				this.readBuffer.clear();
				int n;
				try {
					n = peer.channel.read(this.readBuffer);
				}
				catch (java.net.PortUnreachableException ex) {
					// The server is not (yet) there: what was in flight is lost; the timeout resends.
					return;
				}
				if (n <= 0) {
					return;
				}
				long now = System.nanoTime();
				long sequence = this.readBuffer.getLong(0);
				long sentAt = this.readBuffer.getLong(8);
				if (n != size || !intact(sequence)) {
					this.corrupt++;
				}
				else if (sentAt >= this.measureFrom && now < this.measureUntil) {
					this.measuredMessages++;
					this.latency.recordValue(Math.min(now - sentAt, HIGHEST_TRACKABLE_NANOS));
				}
				if (peer.inFlight > 0) {
					peer.inFlight--;
				}
				peer.lastProgress = now;
				fill(peer, now);
			}
		}

		private boolean intact(long sequence) {
			int size = UdpLoadGenerator.this.options.messageSize();
			for (int i = HEADER; i < size; i++) {
				if (this.readBuffer.get(i) != patternByte(sequence, i)) {
					return false;
				}
			}
			return true;
		}

		/** Sends until the peer has {@code depth} datagrams in flight. */
		private void fill(Peer peer, long now) throws IOException {
			int size = UdpLoadGenerator.this.options.messageSize();
			while (peer.inFlight < UdpLoadGenerator.this.options.depth()) {
				long sequence = this.nextSequence++;
				ByteBuffer out = this.writeBuffer;
				out.clear();
				out.putLong(sequence).putLong(now);
				for (int i = HEADER; i < size; i++) {
					out.put(patternByte(sequence, i));
				}
				out.flip();
				try {
					peer.channel.write(out);
				}
				catch (java.net.PortUnreachableException ex) {
					// As on receive: counted as lost by the timeout.
				}
				peer.inFlight++;
			}
			if (peer.lastProgress == 0) {
				peer.lastProgress = now;
			}
		}

	}

	/** One client socket and what it has in flight. */
	private static final class Peer {

		final DatagramChannel channel;

		int inFlight;

		long lastProgress;

		Peer(DatagramChannel channel) {
			this.channel = channel;
		}

	}

}
