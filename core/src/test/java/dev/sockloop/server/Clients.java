package dev.sockloop.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Blocking loopback clients for tests.
 */
public final class Clients {

	/**
	 * Runs each task on a thread of its own. The writer of an exchange must not wait for a pool
	 * thread: callers often run the exchange itself on a pool, whose threads it then holds in a
	 * read, and on JDK 25 {@code CompletableFuture}'s default pool has a single thread on 2 CPUs.
	 */
	private static final Executor OWN_THREAD = (task) -> {
		Thread thread = new Thread(task, "clients-exchange-writer");
		thread.setDaemon(true);
		thread.start();
	};

	private Clients() {
	}

	/**
	 * Connects with a 5 s connect timeout and a 20 s read timeout.
	 * @param address the server
	 * @return the connected socket
	 */
	public static Socket connect(InetSocketAddress address) throws IOException {
		Socket socket = new Socket();
		socket.connect(address, 5000);
		socket.setSoTimeout(20_000);
		return socket;
	}

	/**
	 * Sends {@code payload} from a thread of its own, then shuts the output down, while reading
	 * everything until end of stream. Safe to call from any pool, however busy.
	 * @return the bytes received before end of stream
	 */
	public static byte[] exchange(InetSocketAddress address, byte[] payload) throws Exception {
		try (Socket socket = connect(address)) {
			CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
				try {
					socket.getOutputStream().write(payload);
					socket.shutdownOutput();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}, OWN_THREAD);
			byte[] received = readToEnd(socket.getInputStream());
			written.get(20, TimeUnit.SECONDS);
			return received;
		}
	}

	/**
	 * Reads until end of stream.
	 * @return the bytes
	 */
	public static byte[] readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toByteArray();
	}

	/** How a peer's stream ended. */
	public enum Ending {

		/** Orderly end of stream (FIN). */
		EOF,

		/** Connection reset (RST). */
		RESET

	}

	/**
	 * Reads and discards until the stream ends, by FIN or by reset. A read timeout propagates.
	 * @return how it ended
	 */
	public static Ending drainUntilClosed(Socket socket) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		InputStream in = socket.getInputStream();
		try {
			while (in.read(buffer) >= 0) {
				// discard
			}
			return Ending.EOF;
		}
		catch (SocketException ex) {
			if (isReset(ex)) {
				return Ending.RESET;
			}
			throw ex;
		}
	}

	/**
	 * Whether an I/O failure means the peer reset the connection (or had already closed it when we
	 * wrote, which the kernel reports as a broken pipe).
	 */
	public static boolean isReset(IOException ex) {
		String message = ex.getMessage();
		return message != null && (message.contains("reset") || message.contains("Broken pipe"));
	}

}
