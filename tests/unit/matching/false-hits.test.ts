import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../lib/annotate/analyze';
import { testLexicon } from './test-kb';

const lex = testLexicon();
const ids = (text: string, meta?: Parameters<typeof analyzeText>[2]) =>
  analyzeText(text, lex, meta).mentions.map((m) => `${m.text}=${m.id}`);
const reasons = (text: string) => analyzeText(text, lex).rejected.map((r) => `${r.text}:${r.reason}`);

describe('personal names', () => {
  it('rejects a supplement word used as a name after a title or before a surname', () => {
    expect(ids('Dr. Ginger Alvarez runs the shelter.')).toEqual([]);
    expect(ids('We spoke to Sage Whitfield, the volunteer manager.')).toEqual([]);
    expect(ids('Sage Whitfield manages the volunteers.')).toEqual([]);
    expect(reasons('Dr. Ginger Alvarez runs the shelter.')).toEqual(['Ginger:name']);
  });

  it('follows a name through the page, but not the lower-case supplement', () => {
    const text =
      'Dr. Ginger Alvarez runs the shelter.\n“Ginger can calm anyone,” a volunteer said.\nGinger said she drinks ginger tea for nausea.';
    expect(ids(text)).toEqual(['ginger=ginger']);
  });

  it('keeps a capitalised supplement at the start of a sentence or in a heading', () => {
    expect(ids('Ginger may ease nausea in pregnancy.')).toEqual(['Ginger=ginger', 'pregnancy=pregnancy']);
    expect(ids('Ginger Tea for Nausea: What the Research Says')).toEqual(['Ginger=ginger']);
    expect(ids('Zinc Supplements and the Common Cold')).toEqual(['Zinc Supplements=zinc']);
  });

  it('rejects a metal name capitalised in running text (a product or company)', () => {
    expect(ids('The payments startup Zinc raised money; Chromium released a build.')).toEqual([]);
  });

  it('rejects a sports team named after a plant or metal', () => {
    expect(ids('Sage beat the Tigers by four points in the final quarter.')).toEqual([]);
  });
});

describe('titles and idioms', () => {
  it('rejects titles', () => {
    expect(ids('Iron Man opened in 2008. Iron Maiden played. Marvel’s Iron Fist and IRON MAN 3.')).toEqual(
      [],
    );
  });

  it('rejects idioms', () => {
    expect(ids('We need to iron out the details. He was pumping iron. No time to iron?')).toEqual([]);
    expect(ids('It was a stroke of luck and a stroke of genius.')).toEqual([]);
    expect(ids('A tropical depression brought rain; the Great Depression ended.')).toEqual([]);
    expect(ids('There is no smoking gun. Police made a record drug seizure.')).toEqual([]);
    expect(ids('Customs officers announced the seizure of 2 tonnes of cocaine.')).toEqual([]);
    expect(ids('Growth was anaemic and sales were anemic. The varsity team honoured its seniors.')).toEqual(
      [],
    );
  });

  it('keeps the health senses of the same words', () => {
    expect(
      ids('Iron supplements help. Too much iron is harmful. He had a stroke. Major depression is common.'),
    ).toEqual(['Iron supplements=iron', 'iron=iron', 'stroke=stroke', 'Major depression=depression']);
    expect(ids('She had a seizure. Heavy smokers and seniors on low incomes. Anaemia is common.')).toEqual([
      'seizure=epilepsy',
      'Heavy smokers=smoking',
      'seniors=older-adults',
      'Anaemia=anemia',
    ]);
    expect(ids('The iron will help your anaemia.')).toEqual(['iron=iron', 'anaemia=anemia']);
  });
});

describe('compounds and context', () => {
  it('rejects metals as materials', () => {
    expect(
      ids(
        'iron ore, cast iron, cast-iron pans, scrap iron, iron oxide, zinc roofing, zinc-plated steel, galvanized zinc, copper wire, copper prices, magnesium alloy wheels',
      ),
    ).toEqual([]);
  });

  it('rejects a mineral in a sentence about quarrying, mining or industry', () => {
    expect(ids('The quarry produces calcium carbonate from limestone for cement.')).toEqual([]);
    expect(ids('Calcium carbonate supplements can cause constipation.')).toEqual([
      'Calcium carbonate=calcium',
    ]);
  });

  it('rejects software named after an element', () => {
    expect(ids('Run the Selenium WebDriver tests against the Chromium browser.')).toEqual([]);
    expect(ids('selenium tests ran in headless mode on every commit')).toEqual([]);
  });

  it('rejects chemistry lists and inorganic compounds', () => {
    expect(ids('Life needs carbon, hydrogen, oxygen, nitrogen, phosphorus and sulfur.')).toEqual([]);
    expect(ids('Kidney stones are made of calcium oxalate.')).toEqual([]);
  });

  it('rejects food compounds and objects named after botanicals', () => {
    expect(ids('ginger beer, ginger cat, garlic bread and a garlic press')).toEqual([]);
  });

  it('rejects domain names and handles', () => {
    expect(ids('Visit zinc.com or follow @ginger')).toEqual([]);
  });

  it('rejects a mining page’s bare metal names', () => {
    const text = [
      'Council approves quarry expansion',
      'The quarry will supply cement plants. Smelter output and tonnes of ore rose.',
      'This valley was built on iron and coal, said the mayor.',
    ].join('\n');
    const r = analyzeText(text, lex);
    expect(r.mentions).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toContain('industry');
  });
});

describe('recipes', () => {
  it('rejects measured, prepared ingredients', () => {
    expect(ids('Add 1 tbsp grated ginger and 3 cloves garlic, minced.')).toEqual([]);
    expect(ids('a pinch of turmeric')).toEqual([]);
  });

  it('keeps a daily intake and a health claim', () => {
    expect(ids('Taking a teaspoon of turmeric a day did not help.')).toEqual(['turmeric=turmeric']);
  });

  it('rejects food-like botanicals on a recipe page unless the sentence is a health claim', () => {
    const text = [
      'Ingredients: chicken, ginger, garlic, soy sauce. Preheat the oven. Stir and simmer. Serves 4.',
      'Fresh ginger gives the sauce its kick.',
      'Some studies suggest ginger may ease nausea.',
    ].join('\n');
    expect(ids(text, { schemaTypes: ['Recipe'] })).toEqual(['ginger=ginger']);
  });
});

describe('names shared with materials, landscapes, clothing and lab tests', () => {
  it('rejects the battery metal, the shrubland, the cap and the enzyme', () => {
    expect(ids('Lithium-ion batteries power most electric cars, and lithium prices fell.')).toEqual([]);
    expect(ids('The new lithium mines supply battery makers.')).toEqual([]);
    expect(ids('The wildfire burned through dry chaparral on the hillside.')).toEqual([]);
    expect(ids('He wore a knitted skullcap to the service.')).toEqual([]);
    expect(ids('His creatine kinase was high after the race.')).toEqual([]);
  });

  it('keeps the medicine, the herbs and the supplement', () => {
    expect(ids('Patients on lithium need regular blood tests.')).toEqual(['lithium=lithium']);
    expect(ids('Chaparral tea has been linked to liver injury.')).toEqual(['Chaparral tea=chaparral']);
    expect(ids('Skullcap is sold as a remedy for sleep.')).toEqual(['Skullcap=skullcap']);
    expect(ids('He had been taking creatine before the race.')).toEqual(['creatine=creatine']);
  });
});
