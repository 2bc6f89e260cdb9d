package dev.sockloop.internal.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.server.ServerStartException;
import dev.sockloop.transport.Transport;

/**
 * The file of a Unix domain socket server: what may be removed before binding, the permissions set
 * after, and whether it is still ours when the server stops.
 *
 * <p>Before binding, a socket file at the path is removed only when a connect to it is refused
 * ({@code ECONNREFUSED}: nobody listens, a process died without cleaning up). Any other outcome
 * (accepted, a full accept queue, permission denied on another user's socket) means the file may
 * belong to a live server, and the start fails naming the path. The probe never blocks: a blocking
 * connect to a live server with a full queue would wait for it to accept.
 *
 * <p>On stop, the file is removed only if it is the one this server bound (same device and inode):
 * an operator or a second instance may have put another socket there meanwhile.
 */
public final class UnixSocketFile {

	private final String serverName;

	private final Path path;

	private Object boundKey;

	public UnixSocketFile(String serverName, Path path) {
		this.serverName = serverName;
		this.path = path;
	}

	/**
	 * Makes the path free for binding: nothing there, or a stale socket file that is removed.
	 * @throws ServerStartException if the path holds anything else or a socket that may be live
	 */
	public void clearStale() {
		if (!Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(this.path)) {
			throw failure("the path exists and is not a socket", null);
		}
		int refusal = probe();
		if (refusal == 0) {
			throw failure("another process is listening on it", null);
		}
		if (refusal == Errno.ENOENT) {
			return; // removed meanwhile
		}
		if (refusal != Errno.ECONNREFUSED) {
			throw failure("probing it for a live server failed with " + Errno.describe(refusal)
					+ "; not removing a socket file that may belong to a running process",
					new NativeCallException("connect", refusal));
		}
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			throw failure("cannot remove the stale socket file", ex);
		}
	}

	/**
	 * Connects without blocking.
	 * @return 0 if a server accepted or queued the connect, else the errno
	 */
	private int probe() {
		UnixDomainSocketAddress address = UnixDomainSocketAddress.of(this.path);
		if (Transport.EPOLL.isAvailable()) {
			int fd = Sockets.newStreamSocket(address);
			try {
				int rc = Sockets.connect(fd, address);
				return (rc == -Errno.EINPROGRESS) ? 0 : -rc;
			}
			finally {
				Sockets.close(fd);
			}
		}
		// Without the native layer the JDK tells only ECONNREFUSED apart (as ConnectException).
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.configureBlocking(false);
			probe.connect(address);
			return 0;
		}
		catch (ConnectException ex) {
			return Errno.ECONNREFUSED;
		}
		catch (IOException ex) {
			throw failure("probing it for a live server failed (" + ex.getMessage()
					+ "); not removing a socket file that may belong to a running process", ex);
		}
	}

	/**
	 * Records the file just bound and applies the permissions, if any.
	 * @param permissions the permissions, or {@code null} to keep what the umask gave
	 */
	public void bound(Set<PosixFilePermission> permissions) {
		try {
			this.boundKey = fileKey(this.path);
			if (permissions != null) {
				Files.setPosixFilePermissions(this.path, permissions);
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw failure("cannot set its permissions", ex);
		}
	}

	/**
	 * Removes the file if it is still the one this server bound.
	 * @return whether it was removed
	 * @throws IOException if it could not be read or removed
	 */
	public boolean deleteIfOurs() throws IOException {
		if (this.boundKey == null || !Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)
				|| !this.boundKey.equals(fileKey(this.path))) {
			return false;
		}
		return Files.deleteIfExists(this.path);
	}

	/** Device and inode: what identifies a file across renames and replacements. */
	private static Object fileKey(Path path) throws IOException {
		return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
			.fileKey();
	}

	private static boolean isSocket(Path path) {
		try {
			Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (((Integer) mode) & 0170000) == 0140000; // S_IFSOCK
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return false;
		}
	}

	private ServerStartException failure(String reason, Throwable cause) {
		return new ServerStartException(
				"Server '" + this.serverName + "' cannot bind Unix socket " + this.path + ": " + reason, cause);
	}

}
