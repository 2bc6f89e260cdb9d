package dev.sockloop.internal.linux;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Native memory for the address a socket call fills in, preallocated so that a listener can have
 * {@code accept4} write the peer's address without allocating per connection:
 * <pre>
 * struct sockaddr_storage address;  // 128 bytes, room for any family
 * socklen_t length;                 // in: the room; out: the length of the address written
 * </pre>
 * One buffer per thread that uses it; a listener's belongs to its loop.
 */
public final class SocketAddressBuffer {

	/** {@code sizeof(struct sockaddr_storage)}. */
	private static final int STORAGE_LENGTH = 128;

	private final ByteBuffer memory = NativeMemory.allocate(STORAGE_LENGTH + 4);

	private final long address = NativeMemory.address(this.memory);

	/** Resets the length to the room available, as the calls expect it on entry. */
	long prepare() {
		this.memory.putInt(STORAGE_LENGTH, STORAGE_LENGTH);
		return this.address;
	}

	/** Address of the {@code socklen_t} that follows the storage. */
	long lengthAddress() {
		return this.address + STORAGE_LENGTH;
	}

	/**
	 * Decodes the address the last call wrote: an {@link java.net.InetSocketAddress} or a
	 * {@link java.net.UnixDomainSocketAddress} (empty path for an unnamed Unix client socket).
	 * @return the address
	 */
	public SocketAddress decode() {
		return SocketAddresses.decode(this.memory, Math.min(this.memory.getInt(STORAGE_LENGTH), STORAGE_LENGTH));
	}

}
