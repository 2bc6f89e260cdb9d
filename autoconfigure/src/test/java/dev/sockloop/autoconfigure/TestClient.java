package dev.sockloop.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking loopback client for tests: every read has a deadline, so a missing byte fails the
 * test instead of hanging it.
 */
final class TestClient implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private TestClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	static TestClient connect(int port) throws IOException {
		return connect(port, 0);
	}

	static TestClient connect(int port, int receiveBufferSize) throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		return new TestClient(socket);
	}

	TestClient write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
		return this;
	}

	TestClient write(String text) throws IOException {
		return write(text.getBytes(StandardCharsets.UTF_8));
	}

	byte[] read(int length) throws IOException {
		byte[] bytes = new byte[length];
		int read = 0;
		while (read < length) {
			int n = this.in.read(bytes, read, length - read);
			if (n < 0) {
				throw new EOFException("Connection closed after " + read + " of " + length + " bytes");
			}
			read += n;
		}
		return bytes;
	}

	String readText(int length) throws IOException {
		return new String(read(length), StandardCharsets.UTF_8);
	}

	/**
	 * Reads until the server closes the connection.
	 * @return everything read
	 */
	byte[] readToEnd() throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] chunk = new byte[64 * 1024];
		int n;
		while ((n = this.in.read(chunk)) >= 0) {
			all.write(chunk, 0, n);
		}
		return all.toByteArray();
	}

	/**
	 * Whether the server closed the connection: the next read sees end of stream (or a reset).
	 */
	boolean isClosedByServer() throws IOException {
		try {
			return this.in.read() < 0;
		}
		catch (java.net.SocketException ex) {
			return true;
		}
	}

	/**
	 * Sets how long a read may wait before it fails with {@link java.net.SocketTimeoutException}.
	 */
	TestClient soTimeout(java.time.Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) timeout.toMillis());
		return this;
	}

	void shutdownOutput() throws IOException {
		this.socket.shutdownOutput();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
