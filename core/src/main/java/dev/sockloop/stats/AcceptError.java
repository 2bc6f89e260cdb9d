package dev.sockloop.stats;

import java.util.Locale;

/**
 * Failures of {@code accept4}, grouped into a small fixed set so that they can be a meter tag.
 */
public enum AcceptError {

	/** The process is at its open-files limit. */
	EMFILE,

	/** The system is at its open-files limit. */
	ENFILE,

	/** The kernel is short of socket buffers or memory. */
	ENOMEM,

	/** Any other errno. */
	OTHER;

	/**
	 * Lower-case name, as used in meter tags.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
