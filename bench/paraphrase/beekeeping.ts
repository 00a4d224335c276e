/**
 * The held-out set of bench/paraphrase.ts: a beekeeping course and its questions. It was
 * written together with the tuning set and is NOT used while tuning search or the
 * tutor; it is only run for a final check, so its figures say how the ranking does on
 * a course nobody tuned for.
 */
import type { EvalSet } from './eval-set.js';

export const beekeeping: EvalSet = {
  name: 'beekeeping (held out)',
  site: 'The Hive Diaries',
  pages: [
    {
      slug: 'colony',
      title: 'Inside a Honey Bee Colony',
      sections: [
        {
          body: `A healthy colony in summer holds a single queen, tens of thousands of female workers and a few hundred male drones. Each caste has its own job, and the colony behaves almost like one organism.`,
        },
        {
          heading: 'The queen',
          body: `The queen is the only fully fertile female and can lay up to two thousand eggs a day at the height of the season. She mates on a handful of flights early in life, storing enough sperm to last for years. Her scent, spread by the workers who groom her, keeps the colony calm and tells every bee that she is present.`,
        },
        {
          heading: 'Workers and their duties',
          body: `A worker changes jobs as she ages: she cleans cells in her first days, then feeds larvae, builds comb and guards the entrance, and only in the last two or three weeks of her life does she fly out to collect nectar and pollen. Summer workers live about six weeks; those raised in autumn survive the whole winter.`,
        },
        {
          heading: 'Drones',
          body: `Drones have no sting and do no work inside the hive. Their only role is to mate with young queens from other colonies, and when food runs short at the end of summer the workers push them out of the entrance to starve.`,
        },
      ],
    },
    {
      slug: 'inspections',
      title: 'Opening the Hive Safely',
      sections: [
        {
          body: `Regular inspections let a beekeeper see whether the colony is queenright, has enough food and space, and shows signs of disease. Choose a warm, calm afternoon when many foragers are out.`,
        },
        {
          heading: 'Using the smoker',
          body: `A few gentle puffs of cool smoke at the entrance and under the lid make the bees gorge on honey, which leaves them calmer and less inclined to sting. Use dry pine needles, hessian or wood shavings as fuel, and never blow hot smoke or flames into the hive.`,
        },
        {
          heading: 'What to look for',
          body: `The most important sign is eggs: a single tiny upright egg in the bottom of a cell proves the queen was laying within the past three days, even if you never spot her. A solid, compact brood pattern indicates a good queen, while scattered brood with many empty cells can point to disease or a failing queen.`,
        },
      ],
    },
    {
      slug: 'swarming',
      title: 'Understanding and Preventing Swarms',
      sections: [
        {
          body: `Swarming is how colonies reproduce: the old queen leaves with around half of the workers to found a new home, and the bees left behind raise a replacement queen.`,
        },
        {
          heading: 'Warning signs',
          body: `Queen cells hanging from the lower edges of the frames, shaped like peanuts, are the clearest sign that a colony is preparing to leave. Crowded boxes, a queen who has stopped laying and bees loafing idly at the entrance on a fine day add to the evidence.`,
        },
        {
          heading: 'Making an artificial swarm',
          body: `Move the old queen on one frame of brood to a new box on the original site, where the returning flying bees will join her. The parent colony, moved a metre away, keeps the queen cells and raises a new queen. The colony believes it has swarmed and the urge passes, and the beekeeper keeps both halves.`,
        },
      ],
    },
    {
      slug: 'harvest',
      title: 'Harvesting and Storing Honey',
      sections: [
        {
          body: `Take only surplus honey, leaving each colony roughly twenty kilograms of stores to get through the winter in a temperate climate.`,
        },
        {
          heading: 'When honey is ready',
          body: `Bees cap a cell with wax once its honey has dried to below about 18 % water. Harvest frames that are at least three quarters capped; unripe honey holds too much moisture and will ferment in the jar.`,
        },
        {
          heading: 'Extraction',
          body: `Slice off the wax cappings with a warm uncapping knife and spin the frames in a centrifugal extractor, which flings the honey out and leaves the comb intact for the bees to refill. Strain the honey through a fine mesh to remove bits of wax before bottling.`,
        },
        {
          heading: 'Crystallisation',
          body: `Almost every honey eventually turns solid and grainy; oilseed rape honey may do so within days. This is natural and not a sign of spoilage. Stand the jar in warm water below 40 °C to make it runny again, since overheating destroys its aroma.`,
        },
      ],
    },
  ],
  questions: [
    {
      q: 'How many eggs can the mother bee produce daily?',
      answer: 'lay up to two thousand eggs a day',
    },
    {
      q: 'How does the rest of the hive know the queen is still around?',
      answer: 'Her scent, spread by the workers who groom her',
    },
    {
      q: 'At what age do bees start leaving to gather food?',
      answer: 'only in the last two or three weeks of her life',
    },
    {
      q: 'Why are male bees thrown out in late summer?',
      answer: 'push them out of the entrance to starve',
    },
    {
      q: 'Why does puffing smoke make bees less aggressive?',
      answer: 'make the bees gorge on honey',
    },
    { q: 'What can I burn in the smoker?', answer: 'dry pine needles, hessian or wood shavings' },
    {
      q: 'How can I tell the queen was there recently if I cannot find her?',
      answer: 'proves the queen was laying within the past three days',
    },
    {
      q: 'What does patchy brood with lots of gaps suggest?',
      answer: 'scattered brood with many empty cells',
    },
    { q: 'How do I know my bees are about to leave the hive?', answer: 'shaped like peanuts' },
    {
      q: 'How do I split a colony so it does not fly off?',
      answer: 'Move the old queen on one frame of brood to a new box',
    },
    {
      q: 'How much food should remain for the bees over the cold months?',
      answer: 'roughly twenty kilograms of stores',
    },
    {
      q: 'Why should I not take frames that are mostly open?',
      answer: 'unripe honey holds too much moisture and will ferment',
    },
    {
      q: 'How is the honey removed from the comb?',
      answer: 'spin the frames in a centrifugal extractor',
    },
    { q: 'My honey went hard and sugary; has it gone bad?', answer: 'not a sign of spoilage' },
  ],
  offTopic: [
    'How many moons does Jupiter have?',
    'Who painted the Mona Lisa?',
    'How do I change a car tyre?',
    'What is the tallest mountain in Africa?',
    'How many hours of sleep does an adult need?',
    'What programming language should I learn first?',
  ],
};
