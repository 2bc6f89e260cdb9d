package dev.sockloop.internal.loop;

import java.nio.ByteBuffer;

import dev.sockloop.internal.linux.MessageHeader;
import dev.sockloop.internal.linux.NativeMemory;

/**
 * Native memory one loop reuses for every socket it serves: bytes are read into {@link #read()} and
 * copied out only as far as they were read; queued writes are gathered into {@link #staging()} and
 * described by {@link #iovecs()} for one gathering write through {@link #messageHeader()}. Loop thread only.
 *
 * <p>On the NIO transport the same direct buffers are used through their positions and limits;
 * native addresses and the iovec array are not needed and not computed (JNA may be absent there).
 */
public final class LoopBuffers {

	/** Bytes read per {@code read} call at most. */
	public static final int READ_SIZE = 64 * 1024;

	/** Bytes gathered per {@code writev} call at most. */
	public static final int STAGING_SIZE = 256 * 1024;

	/** {@code struct iovec}s per {@code writev} call at most. */
	public static final int MAX_IOVECS = 64;

	/** Size of {@code struct iovec { void *base; size_t len; }} on 64-bit Linux. */
	public static final int IOVEC_SIZE = 16;

	private final ByteBuffer read = NativeMemory.allocate(READ_SIZE);

	private final long readAddress;

	private final ByteBuffer staging = NativeMemory.allocate(STAGING_SIZE);

	private final long stagingAddress;

	private final ByteBuffer iovecs;

	private final long iovecsAddress;

	private final MessageHeader messageHeader;

	LoopBuffers(boolean nativeAddresses) {
		if (nativeAddresses) {
			this.readAddress = NativeMemory.address(this.read);
			this.stagingAddress = NativeMemory.address(this.staging);
			this.iovecs = NativeMemory.allocate(MAX_IOVECS * IOVEC_SIZE);
			this.iovecsAddress = NativeMemory.address(this.iovecs);
			this.messageHeader = new MessageHeader(this.iovecsAddress);
		}
		else {
			this.readAddress = 0;
			this.stagingAddress = 0;
			this.iovecs = null;
			this.iovecsAddress = 0;
			this.messageHeader = null;
		}
	}

	/** @return the read buffer; its position and limit are not used */
	public ByteBuffer read() {
		return this.read;
	}

	/** @return native address of {@link #read()} */
	public long readAddress() {
		return this.readAddress;
	}

	/** @return the write staging buffer; its position and limit are not used */
	public ByteBuffer staging() {
		return this.staging;
	}

	/** @return native address of {@link #staging()} */
	public long stagingAddress() {
		return this.stagingAddress;
	}

	/** @return the iovec array, in native byte order */
	public ByteBuffer iovecs() {
		return this.iovecs;
	}

	/** @return native address of {@link #iovecs()} */
	public long iovecsAddress() {
		return this.iovecsAddress;
	}

	/** @return the {@code struct msghdr} for gathering writes, pointing at {@link #iovecs()} */
	public MessageHeader messageHeader() {
		return this.messageHeader;
	}

}
