package dev.sockloop.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what is written to {@code System.err} (where the tests' slf4j-simple logs) while still
 * printing it, so a test can count log lines written from any thread, the event loops included.
 * {@link #close()} puts the original stream back.
 */
public final class CapturedErr implements AutoCloseable {

	private final PrintStream original = System.err;

	private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

	private CapturedErr() {
		PrintStream printed = this.original;
		ByteArrayOutputStream copied = this.copy;
		System.setErr(new PrintStream(new OutputStream() {

			@Override
			public void write(int b) {
				printed.write(b);
				synchronized (copied) {
					copied.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				printed.write(bytes, offset, length);
				synchronized (copied) {
					copied.write(bytes, offset, length);
				}
			}

		}, true, StandardCharsets.UTF_8));
	}

	/**
	 * Starts copying {@code System.err}.
	 * @return the capture, to close when done
	 */
	public static CapturedErr start() {
		return new CapturedErr();
	}

	/** @return everything written so far */
	public String text() {
		synchronized (this.copy) {
			return this.copy.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() {
		System.setErr(this.original);
	}

}
