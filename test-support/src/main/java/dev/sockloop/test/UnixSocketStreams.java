package dev.sockloop.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Unix domain socket connection as blocking streams with a timeout. The JDK's Unix
 * {@link SocketChannel} has no socket adaptor and so no {@code SO_TIMEOUT}: the channel is
 * non-blocking here and each read or write waits on a selector up to the timeout, so that a test
 * fails rather than hangs when the server does not answer. Reads and writes wait on selectors of
 * their own, so that one thread may send while another receives, as with a TCP socket.
 */
final class UnixSocketStreams implements AutoCloseable {

	private final SocketChannel channel;

	private final Selector readSelector;

	private final Selector writeSelector;

	private volatile Duration timeout;

	private final InputStream in = new InputStream() {

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			return transfer(ByteBuffer.wrap(bytes, offset, length), SelectionKey.OP_READ, UnixSocketStreams.this.readSelector,
					"Read");
		}

	};

	private final OutputStream out = new OutputStream() {

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			while (buffer.hasRemaining()) {
				transfer(buffer, SelectionKey.OP_WRITE, UnixSocketStreams.this.writeSelector, "Write");
			}
		}

	};

	private UnixSocketStreams(SocketChannel channel, Duration timeout) throws IOException {
		this.channel = channel;
		this.timeout = timeout;
		channel.configureBlocking(false);
		this.readSelector = Selector.open();
		this.writeSelector = Selector.open();
		channel.register(this.readSelector, SelectionKey.OP_READ);
		channel.register(this.writeSelector, SelectionKey.OP_WRITE);
	}

	/**
	 * Connects to a Unix domain socket.
	 * @param path the socket file
	 * @param timeout how long each read or write may wait
	 * @return the connection
	 * @throws IOException if the connect fails
	 */
	static UnixSocketStreams connect(Path path, Duration timeout) throws IOException {
		// A Unix connect completes or fails at once (a full backlog is EAGAIN): no connect timeout.
		SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
		try {
			return new UnixSocketStreams(channel, timeout);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	InputStream in() {
		return this.in;
	}

	OutputStream out() {
		return this.out;
	}

	void timeout(Duration timeout) {
		this.timeout = timeout;
	}

	void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	/**
	 * Reads into or writes from {@code buffer} once some bytes move, waiting for readiness up to
	 * the timeout.
	 * @return the bytes moved, or -1 at end of stream
	 */
	private int transfer(ByteBuffer buffer, int operation, Selector selector, String what) throws IOException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			int n = (operation == SelectionKey.OP_READ) ? this.channel.read(buffer) : this.channel.write(buffer);
			if (n != 0) {
				return n;
			}
			long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
			if (remainingMillis <= 0) {
				throw new SocketTimeoutException(what + " timed out after " + this.timeout);
			}
			selector.select(remainingMillis);
			selector.selectedKeys().clear();
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.channel.close();
		}
		finally {
			this.readSelector.close();
			this.writeSelector.close();
		}
	}

}
