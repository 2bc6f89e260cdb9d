package dev.sockloop.internal.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@link HeapSocketCalls} through the FFM API (Java 22+): {@code recv} and {@code send} linked as
 * critical functions that may access the heap, so a heap segment over the caller's array is passed
 * by address with no copy. errno is captured by the linker into this instance's own segment.
 */
final class FfmHeapSocketCalls extends HeapSocketCalls {

	private static final int MSG_NOSIGNAL = 0x4000;

	private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

	private static final VarHandle ERRNO = CALL_STATE
		.varHandle(MemoryLayout.PathElement.groupElement("errno"));

	private static final MethodHandle RECV;

	private static final MethodHandle SEND;

	static {
		Linker linker = Linker.nativeLinker();
		SymbolLookup libc = linker.defaultLookup();
		// ssize_t f(int fd, void *buf, size_t len, int flags), for recv and send alike.
		FunctionDescriptor descriptor = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
				ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
		Linker.Option[] options = { Linker.Option.critical(true), Linker.Option.captureCallState("errno") };
		RECV = linker.downcallHandle(libc.find("recv").orElseThrow(), descriptor, options);
		SEND = linker.downcallHandle(libc.find("send").orElseThrow(), descriptor, options);
	}

	/** Where the linker stores errno after each call; this loop's own. */
	private final MemorySegment callState = Arena.ofAuto().allocate(CALL_STATE);

	@Override
	public long recv(int fd, byte[] array, int offset, int length) {
		try {
			long n = (long) RECV.invokeExact(this.callState, fd, MemorySegment.ofArray(array).asSlice(offset, length),
					(long) length, 0);
			return (n < 0) ? -errno() : n;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("recv failed", ex);
		}
	}

	@Override
	public long send(int fd, byte[] array, int offset, int length) {
		try {
			long n = (long) SEND.invokeExact(this.callState, fd, MemorySegment.ofArray(array).asSlice(offset, length),
					(long) length, MSG_NOSIGNAL);
			return (n < 0) ? -errno() : n;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("send failed", ex);
		}
	}

	private int errno() {
		return (int) ERRNO.get(this.callState, 0L);
	}

}
