package dev.sockloop.test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.Environment;

/**
 * A blocking client for talking to a Sockloop server from a test, typically a
 * {@code @SpringBootTest} with {@code sockloop.servers.<name>.port=0}:
 * <pre>{@code
 * @Autowired Environment environment;
 *
 * try (SocketTestClient client = SocketTestClient.connect(environment, "upper")) {
 *     client.sendLine("hello");
 *     assertThat(client.receiveLine()).isEqualTo("HELLO");
 * }
 * }</pre>
 * It speaks plain TCP, TLS ({@link #connectTls(int, SSLContext)}, or from an {@link SslBundle}) and
 * Unix domain sockets ({@link #connect(Path)}). Every receive waits at most the client's timeout
 * (5 seconds unless changed) and fails with an {@link UncheckedIOException} rather than hanging the
 * test.
 */
public final class SocketTestClient implements AutoCloseable {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	/** The TCP or TLS socket; {@code null} for a Unix domain socket. */
	private final Socket socket;

	/** The Unix domain socket; {@code null} for TCP and TLS. */
	private final UnixSocketStreams unixSocket;

	private final InputStream in;

	private final OutputStream out;

	private final Charset charset;

	private SocketTestClient(Socket socket, Charset charset) throws IOException {
		this.socket = socket;
		this.unixSocket = null;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
		this.charset = charset;
	}

	private SocketTestClient(UnixSocketStreams unixSocket, Charset charset) {
		this.socket = null;
		this.unixSocket = unixSocket;
		this.in = unixSocket.in();
		this.out = unixSocket.out();
		this.charset = charset;
	}

	/**
	 * Connects to the server of the given name in the application whose environment is given: to
	 * the Unix socket it published as {@code local.sockloop.<name>.path}, or else on loopback to
	 * the port it published as {@code local.sockloop.<name>.port}.
	 * @param environment the application's environment
	 * @param serverName the server's name
	 * @return a connected client
	 */
	public static SocketTestClient connect(Environment environment, String serverName) {
		String path = environment.getProperty("local.sockloop." + serverName + ".path");
		if (path != null) {
			return connect(Path.of(path));
		}
		return connect("127.0.0.1", port(environment, serverName));
	}

	/**
	 * Connects with TLS to the server of the given name in the application whose environment is
	 * given, on loopback to the port it published as {@code local.sockloop.<name>.port}.
	 * @param environment the application's environment
	 * @param serverName the server's name
	 * @param bundle the client's SSL bundle: its trust material must trust the server's
	 * certificate, and its key, if any, is offered for client authentication
	 * @return a client whose TLS handshake has completed
	 */
	public static SocketTestClient connectTls(Environment environment, String serverName, SslBundle bundle) {
		return connectTls("127.0.0.1", port(environment, serverName), bundle.createSslContext());
	}

	private static int port(Environment environment, String serverName) {
		Integer port = environment.getProperty("local.sockloop." + serverName + ".port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("No Sockloop server named '" + serverName
					+ "' has started in this application (no 'local.sockloop." + serverName + ".port' property)");
		}
		return port;
	}

	/**
	 * Connects to a Unix domain socket, with UTF-8 text and a 5 second timeout.
	 * @param path the socket file, as set in {@code sockloop.servers.<name>.path}
	 * @return a connected client
	 */
	public static SocketTestClient connect(Path path) {
		try {
			return new SocketTestClient(UnixSocketStreams.connect(path, DEFAULT_TIMEOUT), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not connect to Unix socket " + path, ex);
		}
	}

	/**
	 * Connects with TLS to a port on the loopback address.
	 * @param port the port
	 * @param bundle the client's SSL bundle (trust for the server's certificate, and a key for
	 * client authentication if the server asks for one)
	 * @return a client whose TLS handshake has completed
	 */
	public static SocketTestClient connectTls(int port, SslBundle bundle) {
		return connectTls("127.0.0.1", port, bundle.createSslContext());
	}

	/**
	 * Connects with TLS to a port on the loopback address.
	 * @param port the port
	 * @param context the client's TLS context
	 * @return a client whose TLS handshake has completed
	 */
	public static SocketTestClient connectTls(int port, SSLContext context) {
		return connectTls("127.0.0.1", port, context);
	}

	/**
	 * Connects with TLS to a host and port, with UTF-8 text and a 5 second timeout, which also
	 * bounds the handshake. The server's certificate is checked against the context's trust
	 * material; its host name is not (test certificates rarely name the test's host).
	 * @param host the host
	 * @param port the port
	 * @param context the client's TLS context
	 * @return a client whose TLS handshake has completed
	 */
	public static SocketTestClient connectTls(String host, int port, SSLContext context) {
		Socket plain = connectedSocket(host, port);
		try {
			SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
			try {
				socket.startHandshake();
				return new SocketTestClient(socket, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				close(socket);
				throw ex;
			}
		}
		catch (IOException ex) {
			close(plain);
			throw new UncheckedIOException("TLS handshake with " + host + ":" + port + " failed", ex);
		}
	}

	/**
	 * Connects to a port on the loopback address.
	 * @param port the port
	 * @return a connected client
	 */
	public static SocketTestClient connect(int port) {
		return connect("127.0.0.1", port);
	}

	/**
	 * Connects to a host and port, with UTF-8 text and a 5 second timeout.
	 * @param host the host
	 * @param port the port
	 * @return a connected client
	 */
	public static SocketTestClient connect(String host, int port) {
		Socket socket = connectedSocket(host, port);
		try {
			return new SocketTestClient(socket, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			close(socket);
			throw new UncheckedIOException("Could not connect to " + host + ":" + port, ex);
		}
	}

	private static Socket connectedSocket(String host, int port) {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(host, port), (int) DEFAULT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
			socket.setTcpNoDelay(true);
			return socket;
		}
		catch (IOException ex) {
			close(socket);
			throw new UncheckedIOException("Could not connect to " + host + ":" + port, ex);
		}
	}

	/**
	 * The TLS session, for checking the negotiated protocol or the server's certificate.
	 * @return the session, or {@code null} for a plain TCP or Unix socket connection
	 */
	public SSLSession tlsSession() {
		return (this.socket instanceof SSLSocket tls) ? tls.getSession() : null;
	}

	/**
	 * Changes how long each receive may wait.
	 * @param timeout the timeout
	 * @return this client
	 */
	public SocketTestClient timeout(Duration timeout) {
		if (this.unixSocket != null) {
			this.unixSocket.timeout(timeout);
			return this;
		}
		try {
			this.socket.setSoTimeout((int) timeout.toMillis());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Sends bytes.
	 * @param bytes the bytes
	 * @return this client
	 */
	public SocketTestClient send(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Send failed", ex);
		}
		return this;
	}

	/**
	 * Sends text in the client's charset (UTF-8).
	 * @param text the text
	 * @return this client
	 */
	public SocketTestClient send(String text) {
		return send(text.getBytes(this.charset));
	}

	/**
	 * Sends a line: the text and a line feed, as the line codec expects.
	 * @param line the line, without its terminator
	 * @return this client
	 */
	public SocketTestClient sendLine(String line) {
		return send(line + "\n");
	}

	/**
	 * Sends a frame with a big-endian length header, as the length-field codec expects.
	 * @param headerBytes the header size: 1, 2, 4 or 8
	 * @param payload the frame's payload
	 * @return this client
	 */
	public SocketTestClient sendFrame(int headerBytes, byte[] payload) {
		ByteBuffer frame = ByteBuffer.allocate(headerBytes + payload.length);
		switch (headerBytes) {
			case 1 -> frame.put((byte) payload.length);
			case 2 -> frame.putShort((short) payload.length);
			case 4 -> frame.putInt(payload.length);
			case 8 -> frame.putLong(payload.length);
			default -> throw new IllegalArgumentException("Header size must be 1, 2, 4 or 8, was " + headerBytes);
		}
		return send(frame.put(payload).array());
	}

	/**
	 * Receives exactly {@code length} bytes.
	 * @param length how many
	 * @return the bytes
	 */
	public byte[] receive(int length) {
		byte[] bytes = new byte[length];
		try {
			new DataInputStream(this.in).readFully(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Expected " + length + " bytes", ex);
		}
		return bytes;
	}

	/**
	 * Receives one line and returns it without its terminator (LF or CRLF).
	 * @return the line
	 */
	public String receiveLine() {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		try {
			int b;
			while ((b = this.in.read()) != '\n') {
				if (b < 0) {
					throw new EOFException("Connection closed before a line feed; received '"
							+ line.toString(this.charset) + "'");
				}
				line.write(b);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Expected a line", ex);
		}
		String text = line.toString(this.charset);
		return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
	}

	/**
	 * Receives one frame with a big-endian length header and returns its payload.
	 * @param headerBytes the header size: 1, 2, 4 or 8
	 * @return the payload
	 */
	public byte[] receiveFrame(int headerBytes) {
		ByteBuffer header = ByteBuffer.wrap(receive(headerBytes));
		long length = switch (headerBytes) {
			case 1 -> header.get() & 0xFF;
			case 2 -> header.getShort() & 0xFFFF;
			case 4 -> header.getInt() & 0xFFFFFFFFL;
			case 8 -> header.getLong();
			default -> throw new IllegalArgumentException("Header size must be 1, 2, 4 or 8, was " + headerBytes);
		};
		if (length > Integer.MAX_VALUE - 8) {
			throw new IllegalStateException("Frame of " + length + " bytes is too large for a test client");
		}
		return receive((int) length);
	}

	/**
	 * Finishes sending (TCP half-close): the server's inbound completes, and it may still answer.
	 * @return this client
	 */
	public SocketTestClient shutdownOutput() {
		try {
			if (this.unixSocket != null) {
				this.unixSocket.shutdownOutput();
			}
			else {
				this.socket.shutdownOutput();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Waits until the server closes the connection, ignoring nothing: bytes arriving first are an
	 * error.
	 * @return {@code true} once the server has closed; {@code false} if it did not within the timeout
	 */
	public boolean awaitClosedByServer() {
		try {
			int b = this.in.read();
			if (b >= 0) {
				throw new IllegalStateException("Expected the server to close the connection, but it sent data");
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true; // reset counts as closed
		}
	}

	/**
	 * Closes the connection.
	 */
	@Override
	public void close() {
		close((this.socket != null) ? this.socket : this.unixSocket);
	}

	private static void close(AutoCloseable socket) {
		try {
			socket.close();
		}
		catch (Exception ex) {
			// Closing a test connection: nothing useful to report.
		}
	}

}
