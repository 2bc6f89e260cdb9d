package dev.sockloop.internal.proxy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of one connection before its PROXY protocol header is complete, and what follows the
 * header in the last read: the first bytes the handler receives. Holds at most
 * {@link ProxyHeaderParser#MAX_LENGTH} bytes between reads (a longer header fails first), plus one
 * read's worth at the moment the header completes. Loop thread only.
 */
public final class ProxyHeaderReader {

	private final boolean optional;

	private byte[] bytes;

	private int length;

	private ProxyHeader header;

	/**
	 * @param optional whether a stream without a PROXY signature is let through as it is
	 */
	public ProxyHeaderReader(boolean optional) {
		this.optional = optional;
	}

	/**
	 * Takes bytes just read and parses what has arrived so far.
	 * @param source the read buffer, from index 0
	 * @param count bytes read into it
	 * @return the header once it is complete ({@link ProxyHeader#ABSENT} for a stream without one,
	 * when it is optional), or {@code null} while more bytes are needed
	 * @throws ProxyHeaderException when the header is malformed, too long, or missing though
	 * required
	 */
	public ProxyHeader offer(ByteBuffer source, int count) throws ProxyHeaderException {
		if (this.bytes == null) {
			// A load balancer writes its header in one segment: the first read usually holds it all.
			this.bytes = new byte[count];
		}
		else if (this.bytes.length - this.length < count) {
			this.bytes = Arrays.copyOf(this.bytes, this.length + count);
		}
		source.get(0, this.bytes, this.length, count);
		this.length += count;
		ProxyHeader parsed = ProxyHeaderParser.parse(this.bytes, this.length);
		if (parsed == ProxyHeader.ABSENT && !this.optional) {
			throw new ProxyHeaderException("no PROXY protocol header, which the server requires");
		}
		if (parsed == null && this.length >= ProxyHeaderParser.MAX_LENGTH) {
			throw new ProxyHeaderException("PROXY protocol header longer than " + ProxyHeaderParser.MAX_LENGTH + " bytes");
		}
		this.header = parsed;
		return parsed;
	}

	/**
	 * Whether the header is complete (or known absent).
	 * @return {@code true} once {@link #offer} returned a header
	 */
	public boolean isComplete() {
		return this.header != null;
	}

	/**
	 * Ends the wait for a header without one (an optional header whose timeout passed): what
	 * arrived is the client's.
	 */
	public void giveUp() {
		this.header = ProxyHeader.ABSENT;
	}

	/**
	 * The bytes after the header, which belong to the client; call once the header is complete.
	 * @return those bytes, or {@code null} if there are none
	 */
	public ByteBuffer remainder() {
		int start = (this.header != null) ? this.header.length() : 0;
		if (this.bytes == null || start >= this.length) {
			return null;
		}
		return ByteBuffer.wrap(this.bytes, start, this.length - start).slice();
	}

}
