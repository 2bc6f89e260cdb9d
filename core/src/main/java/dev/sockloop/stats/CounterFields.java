package dev.sockloop.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * VarHandles on the stats classes' own counter fields, which the loop (their only writer) stores
 * with release semantics while other threads read them as volatile.
 */
final class CounterFields {

	private CounterFields() {
	}

	/**
	 * @param lookup a lookup in the class that declares the field
	 * @param field the field's name
	 * @param type the field's type
	 * @return the handle
	 */
	static VarHandle of(MethodHandles.Lookup lookup, String field, Class<?> type) {
		try {
			return lookup.findVarHandle(lookup.lookupClass(), field, type);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

}
