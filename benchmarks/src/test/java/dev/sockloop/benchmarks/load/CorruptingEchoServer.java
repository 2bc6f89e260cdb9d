package dev.sockloop.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import dev.sockloop.benchmarks.server.EchoServer;

/**
 * An echo server that flips one bit of every byte: what the load generator must catch.
 */
final class CorruptingEchoServer implements EchoServer {

	private final ServerSocket listener;

	private CorruptingEchoServer(ServerSocket listener) {
		this.listener = listener;
	}

	static CorruptingEchoServer start() throws IOException {
		CorruptingEchoServer server = new CorruptingEchoServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		Thread acceptor = new Thread(server::accept, "corrupting-echo");
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

	private void accept() {
		try {
			while (true) {
				Socket socket = this.listener.accept();
				Thread echo = new Thread(() -> echo(socket), "corrupting-echo-connection");
				echo.setDaemon(true);
				echo.start();
			}
		}
		catch (IOException ex) {
			// Listener closed: the test is over.
		}
	}

	private void echo(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			byte[] buffer = new byte[4096];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				for (int i = 0; i < read; i++) {
					buffer[i] ^= 1;
				}
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// The client gave up on us, as it should.
		}
	}

	@Override
	public int port() {
		return this.listener.getLocalPort();
	}

	@Override
	public void close() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

}
