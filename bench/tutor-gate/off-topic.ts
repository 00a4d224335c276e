/**
 * Everyday questions that none of the seeded courses answers, each written to share a
 * word with one of them (a lesson or section title where one fits: "interval", "cell",
 * "escape", "scan"), and asked of every seeded course by bench/tutor-gate.ts.
 *
 * Both sets were written before the gate they measure was changed. `tuning` is the one
 * the gate's thresholds may be chosen on; `heldOut` is only run to confirm a finished
 * change, so its figure says how the gate does on questions nobody tuned it for.
 */
export const tuning: readonly string[] = [
  // Shares a word with "How Cells Make Energy".
  'How do I pay off a credit card balance quickly?',
  'What is a good investment for my retirement savings?',
  'What is daily life like in a prison cell?',
  'How much alcohol is safe to drink in a week?',
  'Which fuel is cheaper for my car, diesel or petrol?',
  'How does a supply chain cope with empty shelves in shops?',
  'Which light bulbs use the least electricity at home?',
  'How do I register a business partnership?',
  'What are the rules for cycling on the pavement?',
  'How do I keep my phone charged on a camping trip?',
  // Shares a word with "Foundations of Western Harmony".
  'What time does the interval start at the theatre?',
  'How do I read the scale on a hiking map?',
  'Where can I get a spare car key cut?',
  'What degree do I need to become a lawyer?',
  'How do I paint a landscape with a limited colour palette?',
  'How do I draw a perfect circle freehand?',
  'Can a minor get a tattoo with a parent’s consent?',
  'Which species is dominant on a coral reef?',
  'Who won the fifth set of the tennis final?',
  'What phrase should I use to turn down a job offer politely?',
  // Shares a word with "Orbital Mechanics for Beginners".
  'How do I escape from a burning building safely?',
  'How should I treat a minor burn on my hand?',
  'What is the speed limit on a motorway?',
  'How do I transfer money to a bank account abroad?',
  'What happens during a probation period at a new job?',
  'How do I work out the area of my lawn to buy turf?',
  'Which laws protect tenants from being evicted?',
  'How do I point a satellite dish for television?',
  'Is a circular saw safe for a beginner to use?',
  'What are the trade-offs of renting versus buying a house?',
  // Shares a word with "Database Indexing in PostgreSQL".
  'How do I scan a paper document with my phone?',
  'How do I write an estimate for a kitchen renovation?',
  'What should a healthy morning routine include?',
  'How do I plan a wedding on a tight budget?',
  'Which column of the newspaper covers the football results?',
  'How do I search for cheap flights to Spain?',
  'How can I text a friend abroad for free?',
  'How do I order a pizza online for delivery?',
  'How much did the consumer price index rise this year?',
  'Does my credit card include covering insurance for a rental car?',
];

export const heldOut: readonly string[] = [
  // Shares a word with "How Cells Make Energy".
  'Which power plant supplies electricity to London?',
  'How does an economy recover after a recession?',
  'What is the best sugar substitute for baking cakes?',
  'How do I read a company’s balance sheet?',
  'Which acid gives lemon juice its sour taste?',
  'Why does my bicycle chain keep slipping?',
  'Why do astronomers measure distance in light years?',
  'Which regulation applies to selling food made at home?',
  'How can I have more energy in the morning without coffee?',
  'How do I merge cells in a spreadsheet?',
  // Shares a word with "Foundations of Western Harmony".
  'How do I scale a recipe up for twelve people?',
  'What is the key to a happy marriage?',
  'How long is half-time in a rugby match?',
  'What is interval training for runners?',
  'What does it mean to be a major shareholder in a company?',
  'What counts as a third-degree burn?',
  'How do I fix the function keys on my laptop?',
  'Which tennis player has been the most dominant this decade?',
  'What makes an advertisement deceptive under consumer law?',
  'Where does the Arctic Circle begin?',
  // Shares a word with "Orbital Mechanics for Beginners".
  'What is the top speed of a Formula One car?',
  'How do I transfer photos from my phone to a laptop?',
  'How much does law school cost?',
  'How many calories does a brisk walk burn?',
  'How does an escape room game work?',
  'How long is the notice period when I quit my job?',
  'Which satellite TV package has the most sport?',
  'What is the area of a football pitch?',
  'How do I draw an ellipse in a drawing app?',
  'What is the orbit of a rumour through a small village?',
  // Shares a word with "Database Indexing in PostgreSQL".
  'How do I look something up in the index of a book?',
  'How do I scan a QR code to see a restaurant menu?',
  'How do I plan a road trip across Europe?',
  'How do I order flowers for a funeral?',
  'What is a unique birthday gift for my grandmother?',
  'How do I send a text message with a photo from an iPhone?',
  'How do I estimate the cost of painting a house?',
  'Which tree grows fastest in a small garden?',
  'How do I analyze my monthly spending habits?',
  'What does a free trial of a streaming service include?',
];
