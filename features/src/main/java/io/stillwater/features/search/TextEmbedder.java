package io.stillwater.features.search;

/**
 * Turns a piece of text (a search query, a content title and description) into a dense semantic vector, so
 * that texts with similar meaning get vectors with a high cosine similarity ("preparing for exam" lands near
 * focus content).
 *
 * <p>Contract for every implementation:
 *
 * <ul>
 *   <li>the result has {@link #dimension()} components and unit length (L2 norm 1, within float rounding),
 *       so a dot product is a cosine similarity;
 *   <li>deterministic: the same text always gives the same vector (bit for bit within a process; across
 *       processes running the same model, equal up to float rounding, since native inference kernels may
 *       differ by CPU), which is what keeps batch (training) and streaming (serving) features equal;
 *   <li>thread-safe: one instance is shared by all threads of a pipeline worker or of the serving API;
 *   <li>each call returns a fresh array that the caller owns and may modify.
 * </ul>
 */
public interface TextEmbedder {

  /**
   * The embedding of {@code text}.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is empty or only whitespace (it has no meaning to embed)
   */
  float[] embed(String text);

  /** The number of components of every vector {@link #embed} returns. */
  int dimension();
}
