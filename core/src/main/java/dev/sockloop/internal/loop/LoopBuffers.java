package dev.sockloop.internal.loop;

import java.nio.ByteBuffer;

import dev.sockloop.internal.linux.SocketCalls;
import dev.sockloop.internal.linux.MessageHeader;
import dev.sockloop.internal.linux.NativeMemory;

/**
 * Native memory one loop reuses for every socket it serves: bytes are read into {@link #read()} and
 * copied out only as far as they were read; queued writes are gathered into {@link #staging()} and
 * described by {@link #iovecs()} for one gathering write through {@link #messageHeader()}. Loop thread only.
 *
 * <p>A read of at least {@link #LEND_THRESHOLD} bytes that goes straight back out through the same
 * connection ({@code connection.send(connection.receive())}: no user code sees the buffer) is not
 * copied at all: the read buffer itself is lent to the write queue ({@link #lendRead}) and the loop
 * reads on into another one from its {@link ReadBufferPool}; the queue gives it back once written
 * ({@link #giveBack}).
 *
 * <p>On the NIO transport the same direct buffers are used through their positions and limits;
 * native addresses and the iovec array are not needed and not computed (JNA may be absent there).
 */
public final class LoopBuffers {

	/** Bytes read per {@code read} call at most. */
	public static final int READ_SIZE = 64 * 1024;

	/**
	 * Reads of at least this many bytes are lent rather than copied on the forwarding path: a lent
	 * buffer holds {@link #READ_SIZE} bytes of native memory, so a smaller read would tie up more
	 * than it saves (and small copies are cheap).
	 */
	public static final int LEND_THRESHOLD = 8 * 1024;

	/** Bytes gathered per {@code writev} call at most. */
	public static final int STAGING_SIZE = 256 * 1024;

	/** {@code struct iovec}s per {@code writev} call at most. */
	public static final int MAX_IOVECS = 64;

	/** Size of {@code struct iovec { void *base; size_t len; }} on 64-bit Linux. */
	public static final int IOVEC_SIZE = 16;

	private final ReadBufferPool readPool;

	private ByteBuffer read;

	private long readAddress;

	private final ByteBuffer staging = NativeMemory.allocate(STAGING_SIZE);

	private final long stagingAddress;

	private final ByteBuffer iovecs;

	private final long iovecsAddress;

	private final MessageHeader messageHeader;

	private final SocketCalls socketCalls;

	/** Where reads go when {@link #socketCalls()} have heap access; handed over whole when a read fills it. */
	private byte[] heapRead;

	LoopBuffers(boolean nativeAddresses) {
		this.readPool = new ReadBufferPool(nativeAddresses);
		useRead(this.readPool.take());
		if (nativeAddresses) {
			this.stagingAddress = NativeMemory.address(this.staging);
			this.iovecs = NativeMemory.allocate(MAX_IOVECS * IOVEC_SIZE);
			this.iovecsAddress = NativeMemory.address(this.iovecs);
			this.messageHeader = new MessageHeader(this.iovecsAddress);
			this.socketCalls = SocketCalls.create();
		}
		else {
			this.stagingAddress = 0;
			this.iovecs = null;
			this.iovecsAddress = 0;
			this.messageHeader = null;
			this.socketCalls = null;
		}
		this.heapRead = (this.socketCalls != null && this.socketCalls.heapAccess()) ? new byte[READ_SIZE] : null;
	}

	private void useRead(int index) {
		this.read = this.readPool.buffer(index);
		this.readAddress = this.readPool.address(index);
	}

	/**
	 * Hands the read buffer, holding {@code length} bytes just read, to a forwarding connection's
	 * write queue, and reads on into another buffer of the pool. Only for a buffer that no user code
	 * will see: it is reused once {@link #giveBack given back}.
	 * @param length the bytes read into {@link #read()}
	 * @return the read buffer, position 0 and limit {@code length}; or {@code null} when every
	 * buffer of the pool is out (copy the bytes out instead)
	 */
	public ByteBuffer lendRead(int length) {
		int next = this.readPool.take();
		if (next < 0) {
			return null;
		}
		ByteBuffer lent = this.read;
		lent.clear().limit(length);
		useRead(next);
		return lent;
	}

	/**
	 * Whether {@link #lendRead} would succeed now: another buffer of the pool is free or may still be
	 * created.
	 * @return whether a read buffer can be lent
	 */
	public boolean canLend() {
		return this.readPool.canTake();
	}

	/**
	 * Takes back a buffer from {@link #lendRead} once written or dropped; any other buffer is ignored.
	 * @param buffer a buffer leaving a write queue
	 */
	public void giveBack(ByteBuffer buffer) {
		if (buffer.isDirect() && buffer.capacity() == READ_SIZE) {
			this.readPool.release(buffer);
		}
	}

	/** @return read buffers in existence, at most {@link ReadBufferPool#MAX_BUFFERS} (for tests) */
	public int readBuffersCreated() {
		return this.readPool.created();
	}

	/** @return read buffers neither read into nor lent out (for tests) */
	public int readBuffersFree() {
		return this.readPool.free();
	}

	/**
	 * The per-message socket calls of this loop (see {@link SocketCalls}).
	 * @return the calls, or {@code null} on the NIO transport
	 */
	public SocketCalls socketCalls() {
		return this.socketCalls;
	}

	/**
	 * Whether reads for a handler go straight into a heap array ({@link #heapRead()}): the loop's
	 * socket calls can reach the heap (Java 22+ on epoll).
	 * @return whether {@link #heapRead()} is available
	 */
	public boolean readsToHeap() {
		return this.heapRead != null;
	}

	/**
	 * The heap array reads go into when {@link #readsToHeap()}.
	 * @return an array of {@link #READ_SIZE} bytes
	 */
	public byte[] heapRead() {
		return this.heapRead;
	}

	/**
	 * Gives away the heap read array (a read filled it: it becomes the handler's buffer as it is, no
	 * copy) and starts a new one.
	 * @return the array given away
	 */
	public byte[] takeHeapRead() {
		byte[] taken = this.heapRead;
		this.heapRead = new byte[READ_SIZE];
		return taken;
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
