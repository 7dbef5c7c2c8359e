// Text the client sends to OpenStack must be well-formed Unicode. JSON.stringify writes a
// lone UTF-16 surrogate as a \udXXX escape; Python services decode it to a str that they
// can neither print (Nova's name patterns answer 400) nor encode for their database (a
// metadata value or a flavor id reaches MySQL: 500). Pure, for forms and routes alike.

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** False when the text holds a lone (unpaired) UTF-16 surrogate. */
export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

export const NOT_WELL_FORMED_TEXT = 'Contains a character that is not valid text (an unpaired UTF-16 surrogate).';
