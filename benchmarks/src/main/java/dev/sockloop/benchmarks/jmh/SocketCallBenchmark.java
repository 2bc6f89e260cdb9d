package dev.sockloop.benchmarks.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.SocketCalls;
import dev.sockloop.internal.linux.NativeMemory;
import dev.sockloop.internal.linux.Sockets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The write and read path of one message, per call: a heap message is staged into native memory and
 * sent, then received into native memory and copied out into a new heap array the caller would own.
 * That is what the engine does for every echoed chunk, through its JNA {@code send}/{@code recv}.
 * The peer is the JDK's {@code SocketChannel} doing the same over its own JNI calls, on another
 * connected loopback pair, so the difference is the price of a JNA direct call over a JNI one.
 *
 * <p>Loopback TCP delivers a small send into the peer's receive queue before the send returns, so
 * the receive finds the bytes without waiting; a receive that finds nothing spins until they come.
 * The {@code EmptyReceive} pair prices the call alone: a receive on a socket with nothing queued.
 *
 * <p>The {@code heapCalls} pair prices the Java 22+ path ({@code SocketCalls} through FFM downcalls
 * linked {@code critical(true)}): {@code send} straight from the heap message and {@code recv}
 * straight into the new array, no staging and no copy out. {@code ffmEmptyReceive} prices the FFM
 * call on native memory, which the loop makes for everything it forwards. They need Java 22+ and the
 * multi-release jar built with JDK 22+; elsewhere they fail at once, saying so.
 *
 * <p>Run with {@code java -jar benchmarks/target/sockloop-benchmarks.jar jmh SocketCallBenchmark}
 * (on Java 17: {@code jmh 'SocketCallBenchmark.(sockloop|jdk)'}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketCallBenchmark {

	/** Message size in bytes. */
	@Param({ "64", "1024", "16384" })
	public int size;

	private SocketCalls heapCalls;

	private byte[] message;

	private ByteBuffer staging;

	private long stagingAddress;

	private ByteBuffer receiving;

	private long receivingAddress;

	private int sendingFd = -1;

	private int receivingFd = -1;

	private SocketChannel sendingChannel;

	private SocketChannel receivingChannel;

	private ByteBuffer channelReceiving;

	/**
	 * Connects one loopback pair through Sockloop's calls and one through the JDK's.
	 * @throws IOException if a socket cannot be set up
	 */
	@Setup
	public void connect() throws IOException {
		this.message = new byte[this.size];
		for (int i = 0; i < this.size; i++) {
			this.message[i] = (byte) i;
		}
		this.staging = NativeMemory.allocate(this.size);
		this.stagingAddress = NativeMemory.address(this.staging);
		this.receiving = NativeMemory.allocate(this.size);
		this.receivingAddress = NativeMemory.address(this.receiving);
		this.channelReceiving = ByteBuffer.allocate(this.size);
		connectNative();
		connectChannels();
		SocketCalls calls = SocketCalls.create();
		this.heapCalls = calls.heapAccess() ? calls : null;
	}

	private void connectNative() throws IOException {
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		int listenerFd = Sockets.newStreamSocket(loopback);
		try {
			if (Sockets.bind(listenerFd, loopback) != 0) {
				throw new IOException("bind failed");
			}
			Sockets.listen(listenerFd, 1);
			InetSocketAddress address = (InetSocketAddress) Sockets.localAddress(listenerFd);
			this.sendingFd = Sockets.newStreamSocket(address);
			int rc = Sockets.connect(this.sendingFd, address);
			if (rc != 0 && rc != -Errno.EINPROGRESS) {
				throw new IOException("connect failed with errno " + -rc);
			}
			Sockets.setTcpNoDelay(this.sendingFd, true);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while ((this.receivingFd = Sockets.accept(listenerFd)) < 0) {
				if (System.nanoTime() > deadline) {
					throw new IOException("accept timed out");
				}
				Thread.onSpinWait();
			}
		}
		finally {
			Sockets.close(listenerFd);
		}
	}

	private void connectChannels() throws IOException {
		try (ServerSocketChannel listener = ServerSocketChannel.open()) {
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			this.sendingChannel = SocketChannel.open(listener.getLocalAddress());
			this.sendingChannel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			this.receivingChannel = listener.accept();
		}
		this.sendingChannel.configureBlocking(false);
		this.receivingChannel.configureBlocking(false);
	}

	/**
	 * Closes both pairs.
	 * @throws IOException if a channel fails to close
	 */
	@TearDown
	public void close() throws IOException {
		closeQuietly(this.sendingFd);
		closeQuietly(this.receivingFd);
		this.sendingChannel.close();
		this.receivingChannel.close();
	}

	/**
	 * One message through Sockloop's calls: stage, {@code send}, {@code recv}, copy out. A send the
	 * socket buffer cannot take at once is finished after receiving what it took.
	 * @return the received copy
	 */
	@Benchmark
	public byte[] sockloopSendReceive() {
		this.staging.put(0, this.message);
		int sent = 0;
		int received = 0;
		while (received < this.size) {
			if (sent < this.size) {
				long n = Sockets.write(this.sendingFd, this.stagingAddress + sent, this.size - sent);
				if (n > 0) {
					sent += (int) n;
				}
				else if (n != -Errno.EAGAIN) {
					throw new IllegalStateException("send returned " + n);
				}
			}
			long n = Sockets.read(this.receivingFd, this.receivingAddress + received, this.size - received);
			if (n > 0) {
				received += (int) n;
			}
			else if (n != -Errno.EAGAIN) { // not there yet: spin
				throw new IllegalStateException("recv returned " + n);
			}
		}
		byte[] copy = new byte[this.size];
		this.receiving.get(0, copy);
		return copy;
	}

	/**
	 * One message through the Java 22+ heap calls: {@code send} from the heap message, {@code recv}
	 * into the new array the caller would own. No staging, no copy out.
	 * @return the received array
	 */
	@Benchmark
	public byte[] heapCallsSendReceive() {
		SocketCalls calls = heapCalls();
		byte[] copy = new byte[this.size];
		int sent = 0;
		int received = 0;
		while (received < this.size) {
			if (sent < this.size) {
				long n = calls.send(this.sendingFd, this.message, sent, this.size - sent);
				if (n > 0) {
					sent += (int) n;
				}
				else if (n != -Errno.EAGAIN) {
					throw new IllegalStateException("send returned " + n);
				}
			}
			long n = calls.recv(this.receivingFd, copy, received, this.size - received);
			if (n > 0) {
				received += (int) n;
			}
			else if (n != -Errno.EAGAIN) {
				throw new IllegalStateException("recv returned " + n);
			}
		}
		return copy;
	}

	/**
	 * A {@code recv} that finds nothing, through the Java 22+ heap calls: the FFM downcall's price
	 * against {@link #sockloopEmptyReceive()}'s JNA one.
	 * @return the negative errno
	 */
	@Benchmark
	public long heapCallsEmptyReceive() {
		return heapCalls().recv(this.receivingFd, this.message, 0, this.size);
	}

	/**
	 * A {@code recv} that finds nothing, through the Java 22+ FFM call on native memory (no heap
	 * access): what the loop's forwarding path pays per read against {@link #sockloopEmptyReceive()}.
	 * @return the negative errno
	 */
	@Benchmark
	public long ffmEmptyReceive() {
		return heapCalls().recv(this.receivingFd, this.receivingAddress, this.size);
	}

	private SocketCalls heapCalls() {
		if (this.heapCalls == null) {
			throw new IllegalStateException("The FFM socket calls need Java 22+ and a jar built with JDK 22+ "
					+ "(META-INF/versions/22); running Java " + Runtime.version().feature());
		}
		return this.heapCalls;
	}

	/**
	 * One message through the JDK's {@code SocketChannel}: it stages heap buffers into its own
	 * direct buffer the same way.
	 * @return the received copy
	 * @throws IOException if a call fails
	 */
	@Benchmark
	public byte[] jdkChannelSendReceive() throws IOException {
		ByteBuffer sending = ByteBuffer.wrap(this.message);
		this.channelReceiving.clear();
		while (this.channelReceiving.hasRemaining()) {
			if (sending.hasRemaining()) {
				this.sendingChannel.write(sending);
			}
			if (this.receivingChannel.read(this.channelReceiving) < 0) {
				throw new IllegalStateException("end of stream");
			}
		}
		byte[] copy = new byte[this.size];
		this.channelReceiving.get(0, copy);
		return copy;
	}

	/**
	 * A {@code recv} that finds nothing ({@code EAGAIN}): the syscall does almost no work, so this
	 * is the cost of the call itself, JNA direct dispatch plus kernel entry.
	 * @return the negative errno
	 */
	@Benchmark
	public long sockloopEmptyReceive() {
		return Sockets.read(this.receivingFd, this.receivingAddress, this.size);
	}

	/**
	 * The JDK's read on an empty non-blocking channel: its JNI call plus kernel entry.
	 * @return 0
	 * @throws IOException if the read fails
	 */
	@Benchmark
	public int jdkChannelEmptyReceive() throws IOException {
		this.channelReceiving.clear();
		return this.receivingChannel.read(this.channelReceiving);
	}

	private static void closeQuietly(int fd) {
		if (fd >= 0) {
			Sockets.close(fd);
		}
	}

}
