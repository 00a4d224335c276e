/**
 * A second held-out set of bench/paraphrase.ts: seven web pages of a home-networking
 * course (written for issue 16; unrelated to the seeded courses, to XQuAD and to the
 * other sets) with questions that reword them. It is never tuned on: a ranking change
 * chosen on `bicycle` is confirmed here. Questions avoid the answering passage's rare
 * terms where a learner would ("box from the internet company" for "router supplied by
 * your provider", "slow" for "throughput drops").
 */
import type { EvalSet } from './eval-set.js';

export const homeNetwork: EvalSet = {
  name: 'home-network (held out)',
  site: 'Quiet Packets',
  pages: [
    {
      slug: 'router-placement',
      title: 'Placing Your Wireless Router',
      sections: [
        {
          body: `Where the router sits decides more about wireless coverage than the model you bought. Radio signals weaken with distance and lose strength every time they pass through a wall, a floor or a piece of furniture.`,
        },
        {
          heading: 'Height and position',
          body: `Put the router near the middle of the home, raised on a shelf rather than on the floor, and keep its antennas upright. A router hidden in a cupboard or behind the television loses a surprising share of its range before the signal even leaves the room.`,
        },
        {
          heading: 'Things that block the signal',
          body: `Water absorbs 2.4 GHz radio waves, so a fish tank or a radiator between the router and the sofa creates a dead zone. Mirrors, metal filing cabinets and concrete walls with steel reinforcement reflect the signal away. Microwave ovens use the same frequency and can disrupt the connection while they run.`,
        },
      ],
    },
    {
      slug: 'frequency-bands',
      title: 'Choosing Between 2.4 GHz and 5 GHz',
      sections: [
        {
          body: `Most routers broadcast on two bands at once. The lower band travels further and passes through obstacles better; the higher band carries much more data but fades quickly behind walls.`,
        },
        {
          heading: 'Channels and interference',
          body: `On 2.4 GHz only channels 1, 6 and 11 do not overlap one another, so pick whichever of those three your neighbours use least. Apartment blocks are crowded with dozens of networks on the same few channels, which is why throughput drops in the evening when everyone is home.`,
        },
        {
          heading: 'Which devices go where',
          body: `Leave smart plugs, thermostats and older printers on 2.4 GHz, since many of them cannot join anything else. Laptops, game consoles and televisions streaming films benefit from 5 GHz when they are in the same room as the router or one room away.`,
        },
      ],
    },
    {
      slug: 'mesh-and-extenders',
      title: 'Mesh Systems and Range Extenders',
      sections: [
        {
          body: `When one router cannot cover a large or oddly shaped home, a second radio has to relay the signal. The two common ways of doing that behave very differently.`,
        },
        {
          heading: 'Range extenders',
          body: `A cheap repeater receives the signal and retransmits it on the same radio, so it roughly halves the available speed for everything connected through it. It usually creates a second network name, and phones cling to the weaker one as you walk around the house.`,
        },
        {
          heading: 'Mesh nodes',
          body: `A mesh kit uses several matching nodes that share one network name and hand devices from node to node as they move. Place each node about halfway between the router and the area with poor coverage, never inside the dead zone itself, because it needs a strong signal to pass on. Where an Ethernet cable can link the nodes, wired backhaul keeps the full speed.`,
        },
      ],
    },
    {
      slug: 'security',
      title: 'Securing Your Home Network',
      sections: [
        {
          body: `An open or weakly protected network lets strangers use your connection and may let them see shared files and cameras. Securing it takes about fifteen minutes.`,
        },
        {
          heading: 'Passwords and encryption',
          body: `Change the administrator password printed on the label before anything else, because default credentials are published online for every model. Choose WPA3, or WPA2 with AES if older devices refuse to connect, and avoid WEP and TKIP, which can be broken in minutes. A passphrase of four or five unrelated words is long enough and easy to type on a television.`,
        },
        {
          heading: 'Guest network',
          body: `Visitors and smart-home gadgets belong on a separate guest network, which reaches the internet but cannot see your laptops, printers or network storage. If a cheap camera is ever compromised, the attacker is then stuck outside your main devices.`,
        },
        {
          heading: 'Firmware updates',
          body: `Routers need software patches like any computer. Turn on automatic updates where the menu offers them and check for new firmware every few months; a model the manufacturer no longer supports should be retired, since its security holes will never be closed.`,
        },
      ],
    },
    {
      slug: 'wired-connections',
      title: 'Running Ethernet Cables',
      sections: [
        {
          body: `A cable is still faster, steadier and lower in latency than any wireless link, which matters for online games, video calls and a desktop computer that never moves.`,
        },
        {
          heading: 'Cable categories',
          body: `Cat 5e carries gigabit speeds up to 100 metres, which covers almost every home. Cat 6 adds headroom for 2.5 and 10 gigabit over shorter runs, and costs only slightly more. Flat cables slide under carpets and doors but pick up more interference than round ones.`,
        },
        {
          heading: 'Without drilling',
          body: `Powerline adapters send network traffic through the electrical wiring: plug one beside the router and one in the far room. They work best on the same circuit and plugged straight into a wall socket, because a surge-protected power strip filters out the data signal.`,
        },
      ],
    },
    {
      slug: 'slow-internet',
      title: 'Troubleshooting a Slow Connection',
      sections: [
        {
          body: `Before calling your provider, find out whether the problem is the line coming into the house or the network inside it.`,
        },
        {
          heading: 'Measuring properly',
          body: `Run a speed test on a computer connected by cable directly to the router. If that result matches the plan you pay for, the provider is delivering and the bottleneck is your wireless; if even the wired test is far below it, the fault lies on the line and support should hear about it.`,
        },
        {
          heading: 'Restarting the right way',
          body: `Switch off the modem and router, wait thirty seconds so their memory clears, then power the modem first and the router only once the modem's lights are steady. Restarting in the wrong order can leave the router without an address from the provider.`,
        },
        {
          heading: 'Bufferbloat',
          body: `If calls stutter whenever someone uploads photos, the router's queues are filling up and delaying every other packet. Enabling smart queue management, often labelled SQM or QoS, and setting it to about 90 % of your measured speed keeps latency low under load.`,
        },
      ],
    },
    {
      slug: 'addresses',
      title: 'IP Addresses and DNS at Home',
      sections: [
        {
          body: `Every device on the network needs an address, and the router hands them out automatically using DHCP, usually from a private range such as 192.168.1.x.`,
        },
        {
          heading: 'Reserved addresses',
          body: `A printer or a file server is easier to reach if its address never changes. Rather than typing a fixed address into the device, create a DHCP reservation in the router that ties the device's MAC address to one number, so the router remains the single place that keeps track.`,
        },
        {
          heading: 'Name resolution',
          body: `DNS translates names like example.com into numeric addresses. The provider's resolvers are sometimes slow or unreliable; switching the router to a public resolver makes every device use it at once, and some resolvers also block known malware sites.`,
        },
      ],
    },
  ],
  questions: [
    {
      q: 'Why does it matter where I put the box?',
      answer: 'decides more about wireless coverage than the model you bought',
    },
    {
      q: 'Is it fine to keep the router on the ground behind my TV?',
      answer: 'raised on a shelf rather than on the floor',
    },
    {
      q: 'Why is the signal bad on the other side of my aquarium?',
      answer: 'Water absorbs 2.4 GHz radio waves',
    },
    {
      q: 'My connection drops whenever someone heats food in the kitchen; why?',
      answer: 'Microwave ovens use the same frequency',
    },
    {
      q: 'Which of the two bands reaches further through the house?',
      answer: 'The lower band travels further',
    },
    {
      q: 'Which channel numbers should I pick so I do not clash with the flats next door?',
      answer: 'only channels 1, 6 and 11 do not overlap',
    },
    {
      q: 'Why does everything get sluggish at night in my building?',
      answer: 'throughput drops in the evening when everyone is home',
    },
    {
      q: 'My thermostat will not connect on the faster band; is that normal?',
      answer: 'many of them cannot join anything else',
    },
    {
      q: 'Does a repeater slow things down?',
      answer: 'roughly halves the available speed',
    },
    {
      q: 'Why does my phone stay on the poor network as I walk from room to room?',
      answer: 'phones cling to the weaker one',
    },
    {
      q: 'Should the extra unit go in the room where there is no signal?',
      answer: 'never inside the dead zone itself',
    },
    {
      q: 'How can the satellites keep full speed between them?',
      answer: 'wired backhaul keeps the full speed',
    },
    {
      q: 'What is the first thing to change on a new router?',
      answer: 'Change the administrator password printed on the label',
    },
    {
      q: 'Which protection setting is safest for the wifi?',
      answer: 'Choose WPA3, or WPA2 with AES',
    },
    {
      q: 'How long should the wifi key be?',
      answer: 'four or five unrelated words is long enough',
    },
    {
      q: 'Where should friends who visit connect?',
      answer: 'belong on a separate guest network',
    },
    {
      q: 'What happens if a hacker takes over one of my cheap cameras?',
      answer: 'the attacker is then stuck outside your main devices',
    },
    {
      q: 'When should I throw away an old router?',
      answer: 'no longer supports should be retired',
    },
    {
      q: 'Why plug in a wire when wireless works?',
      answer: 'faster, steadier and lower in latency than any wireless link',
    },
    {
      q: 'Is the cheaper cable good enough for a normal house?',
      answer: 'Cat 5e carries gigabit speeds up to 100 metres',
    },
    {
      q: 'Are the thin flat leads any worse?',
      answer: 'pick up more interference than round ones',
    },
    {
      q: 'Can I get a wired connection upstairs without making holes in the walls?',
      answer: 'send network traffic through the electrical wiring',
    },
    {
      q: 'Why do my plug adapters fail when I use an extension block?',
      answer: 'surge-protected power strip filters out the data signal',
    },
    {
      q: 'How do I tell if my internet company or my own setup is to blame?',
      answer: 'computer connected by cable directly to the router',
    },
    {
      q: 'In what order should I turn the boxes back on?',
      answer: 'power the modem first and the router only once',
    },
    {
      q: 'How long should I leave everything unplugged?',
      answer: 'wait thirty seconds so their memory clears',
    },
    {
      q: 'Video chats freeze when my son sends pictures to the cloud; what can I do?',
      answer: 'smart queue management, often labelled SQM or QoS',
    },
    {
      q: 'How does my laptop get its number on the network?',
      answer: 'the router hands them out automatically using DHCP',
    },
    {
      q: 'How do I make the printer always keep the same number?',
      answer: 'create a DHCP reservation in the router',
    },
    {
      q: 'Can I stop some dangerous websites for the whole family at once?',
      answer: 'some resolvers also block known malware sites',
    },
  ],
  offTopic: [
    'How long should I boil an egg for a runny yolk?',
    'Who won the football World Cup in 2010?',
    'How do I repot a cactus without getting pricked?',
    'What is the capital city of Australia?',
    'How many calories does a banana have?',
    'Which keys play a C major chord on the piano?',
  ],
};
