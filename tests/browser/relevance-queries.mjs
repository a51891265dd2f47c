// The relevance test set: queries as employees, leaders, teachers and suppliers type them,
// each with the page(s) that should come first (site paths; any of them counts). Written from
// what the pages are about, before looking at what the engine does with the queries; targets
// are chosen by path, not by wording, as the content is edited.
//
// kind: plain | natural (a question or sentence) | compound | typo | synonym | ascii (no æøå)
//   | nynorsk | english (borrowed IT words) | krav (a requirement's text or id) | rapport
//   (a report or section page) | begrep (a question about a term) | bindestrek (one word for
//   what the pages hyphenate or write apart)
const S = 'selvhjelp/';
const KONTO = `${S}konto-og-innlogging/`;
const PC = `${S}pc-og-utstyr/`;
const NETT = `${S}nett-og-fjerntilgang/`;
const M365 = `${S}microsoft-365/`;
const SIKKER = `${S}informasjonssikkerhet/`;
const KS = `${S}kundeservice/`;
const LEDER = `${S}ledere/`;
const SKOLE = `${S}skole/`;

export const QUERIES = [
  // Employees: accounts and passwords
  { q: 'glemt passord', kind: 'plain', want: [`${KONTO}glemt-passord/`] },
  { q: 'bytte passord', kind: 'plain', want: [`${KONTO}bytte-passord/`] },
  { q: 'hvordan bytter jeg passordet mitt', kind: 'natural', want: [`${KONTO}bytte-passord/`] },
  { q: 'jeg har glemt passordet', kind: 'natural', want: [`${KONTO}glemt-passord/`] },
  { q: 'pasord', kind: 'typo', want: [`${KONTO}bytte-passord/`, `${KONTO}glemt-passord/`] },
  { q: 'password', kind: 'synonym', want: [`${KONTO}bytte-passord/`, `${KONTO}glemt-passord/`] },
  { q: 'nytt passord', kind: 'plain', want: [`${KONTO}bytte-passord/`, `${KONTO}glemt-passord/`] },
  { q: 'mfa', kind: 'synonym', want: [`${KONTO}tofaktorautentisering/`] },
  { q: 'tofaktor', kind: 'plain', want: [`${KONTO}tofaktorautentisering/`] },
  { q: 'authenticator', kind: 'plain', want: [`${KONTO}tofaktorautentisering/`] },
  { q: 'to-faktor innlogging', kind: 'plain', want: [`${KONTO}tofaktorautentisering/`] },
  { q: 'innlogingen', kind: 'typo', want: [`${KONTO}tofaktorautentisering/`, `${KONTO}glemt-passord/`, `${KONTO}bytte-passord/`, `${KONTO}sikkerhetsnokkel/`, `${KONTO}`] },
  { q: 'sikkerhetsnøkel', kind: 'typo', want: [`${KONTO}sikkerhetsnokkel/`] },
  { q: 'sikkerhetsnokkel', kind: 'ascii', want: [`${KONTO}sikkerhetsnokkel/`] },
  { q: 'logge inn med nøkkel', kind: 'natural', want: [`${KONTO}sikkerhetsnokkel/`] },
  // Employees: PC, printing, screens, phone
  { q: 'skrive ut', kind: 'plain', want: [`${PC}skrive-ut/`] },
  { q: 'printer', kind: 'synonym', want: [`${PC}skrive-ut/`] },
  { q: 'utskirft', kind: 'typo', want: [`${PC}skrive-ut/`] },
  { q: 'follow me utskrift', kind: 'plain', want: [`${PC}skrive-ut/`] },
  { q: 'hvordan skriver jeg ut', kind: 'natural', want: [`${PC}skrive-ut/`] },
  { q: 'ekstra skjerm', kind: 'plain', want: [`${PC}skjerm-og-dokkingstasjon/`] },
  { q: 'skjermoppsett', kind: 'compound', want: [`${PC}skjerm-og-dokkingstasjon/`] },
  { q: 'dokking', kind: 'plain', want: [`${PC}skjerm-og-dokkingstasjon/`] },
  { q: 'dokkingstasjon', kind: 'plain', want: [`${PC}skjerm-og-dokkingstasjon/`] },
  { q: 'ny pc', kind: 'plain', want: [`${PC}bestille-ny-pc/`] },
  { q: 'bestille ny datamaskin', kind: 'synonym', want: [`${PC}bestille-ny-pc/`] },
  { q: 'gammel pc byttes', kind: 'natural', want: [`${PC}bestille-ny-pc/`, 'tjenester/pc-rullering/'] },
  { q: 'pc-rullering', kind: 'plain', want: [`${PC}bestille-ny-pc/`, 'tjenester/pc-rullering/'] },
  { q: 'jobbtelefon', kind: 'plain', want: [`${PC}mobiltelefon-og-intune/`] },
  { q: 'sette opp ny mobil', kind: 'synonym', want: [`${PC}mobiltelefon-og-intune/`] },
  { q: 'firmaportal', kind: 'plain', want: [`${PC}mobiltelefon-og-intune/`] },
  // Employees: network and remote access
  { q: 'wifi', kind: 'synonym', want: [`${NETT}tradlost-nett/`] },
  { q: 'tradlost nett', kind: 'ascii', want: [`${NETT}tradlost-nett/`] },
  { q: 'gjestenett', kind: 'plain', want: [`${NETT}tradlost-nett/`] },
  { q: 'eduroam', kind: 'plain', want: [`${NETT}tradlost-nett/`] },
  { q: 'hvordan kobler jeg til trådløst nett', kind: 'natural', want: [`${NETT}tradlost-nett/`] },
  { q: 'jobbe hjemmefra', kind: 'plain', want: [`${NETT}fjerntilgang-vpn/`] },
  { q: 'vpn', kind: 'plain', want: [`${NETT}fjerntilgang-vpn/`] },
  { q: 'fjerntilgang', kind: 'plain', want: [`${NETT}fjerntilgang-vpn/`] },
  // Employees: security
  { q: 'phishing', kind: 'plain', want: [`${SIKKER}gjenkjenne-phishing/`] },
  { q: 'falsk epost', kind: 'synonym', want: [`${SIKKER}gjenkjenne-phishing/`] },
  { q: 'svindel på mail', kind: 'synonym', want: [`${SIKKER}gjenkjenne-phishing/`] },
  { q: 'mistet telefonen', kind: 'natural', want: [`${SIKKER}melde-sikkerhetshendelse/`] },
  { q: 'melde sikkerhetshendelse', kind: 'plain', want: [`${SIKKER}melde-sikkerhetshendelse/`] },
  { q: 'sikkerhetsbrudd', kind: 'compound', want: [`${SIKKER}melde-sikkerhetshendelse/`] },
  // Employees: Microsoft 365
  { q: 'teams møte', kind: 'plain', want: [`${M365}teams-moter/`] },
  { q: 'teamsmøte', kind: 'compound', want: [`${M365}teams-moter/`] },
  { q: 'komme i gang med teams', kind: 'natural', want: [`${M365}kom-i-gang-med-teams/`] },
  { q: 'felles postboks', kind: 'plain', want: [`${M365}felles-postboks/`] },
  { q: 'fellespostboks', kind: 'compound', want: [`${M365}felles-postboks/`] },
  { q: 'delt innboks outlook', kind: 'synonym', want: [`${M365}felles-postboks/`] },
  { q: 'onedrive', kind: 'plain', want: [`${M365}onedrive-og-sharepoint/`] },
  { q: 'hvor lagrer jeg filer', kind: 'natural', want: [`${M365}onedrive-og-sharepoint/`] },
  { q: 'sharepoint', kind: 'plain', want: [`${M365}onedrive-og-sharepoint/`] },
  // Employees: customer service
  { q: 'melde sak', kind: 'plain', want: [`${KS}melde-sak-i-kundeportalen/`] },
  { q: 'kundeportal', kind: 'plain', want: [`${KS}melde-sak-i-kundeportalen/`] },
  { q: 'ringe kundeservice', kind: 'natural', want: ['om/kontakt/'] },
  { q: 'kontakt', kind: 'plain', want: ['om/kontakt/'] },
  { q: 'svartid', kind: 'compound', want: [`${KS}prioritet-og-svartider/`] },
  { q: 'hvor lang tid tar det før saken min blir løst', kind: 'natural', want: [`${KS}prioritet-og-svartider/`, `${KS}lukking-av-saker/`] },
  { q: 'chatbot', kind: 'plain', want: [`${KS}chatboten-rakel/`] },
  { q: 'lukke sak', kind: 'plain', want: [`${KS}lukking-av-saker/`] },
  { q: 'elaering', kind: 'ascii', want: [`${KS}kompetanseportalen-og-e-laering/`] },
  // Leaders
  { q: 'ny ansatt', kind: 'plain', want: [`${LEDER}sjekkliste-ny-ansatt/`, `${LEDER}idweb-ny-ansatt/`] },
  { q: 'nyansatt', kind: 'compound', want: [`${LEDER}sjekkliste-ny-ansatt/`, `${LEDER}idweb-ny-ansatt/`] },
  { q: 'gi tilgang til ny medarbeider', kind: 'natural', want: [`${LEDER}idweb-ny-ansatt/`] },
  { q: 'kontotilgang', kind: 'compound', want: [`${LEDER}idweb-ny-ansatt/`, `${LEDER}idweb-avslutte-tilgang/`, 'tjenester/tilgangsstyring-idweb/'] },
  { q: 'avslutte tilgang', kind: 'plain', want: [`${LEDER}idweb-avslutte-tilgang/`] },
  { q: 'ansatt slutter', kind: 'natural', want: [`${LEDER}idweb-avslutte-tilgang/`] },
  { q: 'idweb', kind: 'plain', want: ['tjenester/tilgangsstyring-idweb/', `${LEDER}idweb-ny-ansatt/`, `${LEDER}idweb-avslutte-tilgang/`] },
  { q: 'sjekliste nyansatte', kind: 'typo', want: [`${LEDER}sjekkliste-ny-ansatt/`] },
  // Teachers
  { q: 'eksamen', kind: 'plain', want: [`${SKOLE}eksamensmodus/`] },
  { q: 'eksamensmodus', kind: 'plain', want: [`${SKOLE}eksamensmodus/`] },
  { q: 'elev glemt passord', kind: 'natural', want: [`${SKOLE}tilbakestille-elevpassord/`] },
  { q: 'elevpassord', kind: 'compound', want: [`${SKOLE}tilbakestille-elevpassord/`] },
  { q: 'ipad', kind: 'plain', want: [`${SKOLE}ipad-i-skolen/`, 'tjenester/skole-ipad-og-elev-pc/'] },
  { q: 'ipad i klasserommet', kind: 'natural', want: [`${SKOLE}ipad-i-skolen/`] },
  { q: 'plagiat', kind: 'plain', want: ['nyheter/edword-plagiatkontroll-i-teams/'] },
  { q: 'elev-pc', kind: 'plain', want: ['tjenester/skole-ipad-og-elev-pc/', `${SKOLE}eksamensmodus/`] },
  // Suppliers
  { q: 'kabling', kind: 'plain', want: ['krav/kabling-og-fiber/'] },
  { q: 'krav til fiber', kind: 'natural', want: ['krav/kabling-og-fiber/'] },
  { q: 'krav tradlost nett', kind: 'ascii', want: ['krav/tradlost-nett/'] },
  { q: 'adgangskontroll', kind: 'plain', want: ['krav/bygningsautomasjon-og-adgang/'] },
  { q: 'byggautomasjon', kind: 'compound', want: ['krav/bygningsautomasjon-og-adgang/'] },
  { q: 'tekniske krav', kind: 'plain', want: ['krav/', 'krav/kabling-og-fiber/', 'krav/tradlost-nett/', 'krav/bygningsautomasjon-og-adgang/'] },
  // Service catalogue, preparedness
  { q: 'backup', kind: 'synonym', want: ['tjenester/sikkerhetskopi/'] },
  { q: 'sikkerhetskopi', kind: 'plain', want: ['tjenester/sikkerhetskopi/'] },
  { q: 'politiker pc', kind: 'plain', want: ['tjenester/politiker-pc/'] },
  { q: 'microsoft 365', kind: 'plain', want: ['tjenester/microsoft-365/', `${M365}`] },
  { q: 'beredskapsplan', kind: 'plain', want: ['beredskap/ikt-beredskapsplan/', 'beredskap/loseprogramvareangrep/'] },
  { q: 'ransomware', kind: 'synonym', want: ['beredskap/loseprogramvareangrep/'] },
  { q: 'losepengevirus', kind: 'ascii', want: ['beredskap/loseprogramvareangrep/'] },
  // Nynorsk, from what employees of nynorsk municipalities type (the pages are in bokmål)
  { q: 'gløymt passord', kind: 'nynorsk', want: [`${KONTO}glemt-passord/`] },
  { q: 'eg har gløymt passordet mitt', kind: 'nynorsk', want: [`${KONTO}glemt-passord/`] },
  { q: 'korleis byter eg passord', kind: 'nynorsk', want: [`${KONTO}bytte-passord/`] },
  { q: 'tryggleiksnøkkel', kind: 'nynorsk', want: [`${KONTO}sikkerhetsnokkel/`] },
  { q: 'skrivaren verkar ikkje', kind: 'nynorsk', want: [`${PC}skrive-ut/`] },
  { q: 'trådlaust nett', kind: 'nynorsk', want: [`${NETT}tradlost-nett/`] },
  { q: 'jobbe heimefrå', kind: 'nynorsk', want: [`${NETT}fjerntilgang-vpn/`] },
  { q: 'ny tilsett', kind: 'nynorsk', want: [`${LEDER}sjekkliste-ny-ansatt/`, `${LEDER}idweb-ny-ansatt/`] },
  { q: 'melde tryggleikshending', kind: 'nynorsk', want: [`${SIKKER}melde-sikkerhetshendelse/`] },
  { q: 'ipad på skulen', kind: 'nynorsk', want: [`${SKOLE}ipad-i-skolen/`, 'tjenester/skole-ipad-og-elev-pc/'] },
  // English IT words, as employees and suppliers borrow them
  { q: 'shared mailbox', kind: 'english', want: [`${M365}felles-postboks/`] },
  { q: 'security key', kind: 'english', want: [`${KONTO}sikkerhetsnokkel/`] },
  { q: 'reset password', kind: 'english', want: [`${KONTO}glemt-passord/`] },
  { q: 'change password', kind: 'english', want: [`${KONTO}bytte-passord/`] },
  { q: 'two-factor', kind: 'english', want: [`${KONTO}tofaktorautentisering/`] },
  { q: 'docking station', kind: 'english', want: [`${PC}skjerm-og-dokkingstasjon/`] },
  { q: 'laptop', kind: 'english', want: [`${PC}bestille-ny-pc/`, 'tjenester/pc-rullering/'] },
  { q: 'guest network', kind: 'english', want: [`${NETT}tradlost-nett/`] },
  { q: 'remote access', kind: 'english', want: [`${NETT}fjerntilgang-vpn/`] },
  { q: 'exam mode', kind: 'english', want: [`${SKOLE}eksamensmodus/`] },
  { q: 'report security incident', kind: 'english', want: [`${SIKKER}melde-sikkerhetshendelse/`] },
  { q: 'new employee', kind: 'english', want: [`${LEDER}sjekkliste-ny-ansatt/`, `${LEDER}idweb-ny-ansatt/`] },
  // Requirement texts and ids (a requirement leads to its anchor in its document)
  { q: 'ups driftstid', kind: 'krav', want: ['krav/kabling-og-fiber/'] },
  { q: 'NETT-024', kind: 'krav', want: ['krav/kabling-og-fiber/'] },
  { q: 'nett-24', kind: 'krav', want: ['krav/kabling-og-fiber/'] },
  { q: 'signalstyrke klasserom', kind: 'krav', want: ['krav/tradlost-nett/'] },
  { q: 'dekningsplan', kind: 'krav', want: ['krav/tradlost-nett/'] },
  // Reports and section pages
  { q: 'kravmatrise', kind: 'rapport', want: ['rapporter/kravmatrise/'] },
  { q: 'beredskapsperm', kind: 'rapport', want: ['rapporter/beredskapsperm/'] },
  { q: 'tjenesteoversikt', kind: 'rapport', want: ['rapporter/tjenesteoversikt/', 'tjenester/'] },
  { q: 'behandlingsprotokoller', kind: 'rapport', want: ['rapporter/behandlingsprotokoller/', 'behandlingsprotokoller/'] },
  // Questions about a term
  { q: 'hva betyr sla', kind: 'begrep', want: ['begreper/sla/'] },
  { q: 'hva er mfa', kind: 'begrep', want: ['begreper/mfa/'] },
  { q: 'hva står vpn for', kind: 'begrep', want: ['begreper/vpn/'] },
  { q: 'soc betyr', kind: 'begrep', want: ['begreper/soc/'] },
  { q: 'what is dpia', kind: 'begrep', want: ['begreper/dpia/'] },
  // One word for what the pages hyphenate or write apart
  { q: 'pcbytte', kind: 'bindestrek', want: [`${PC}bestille-ny-pc/`, 'tjenester/pc-rullering/'] },
  { q: 'pcrullering', kind: 'bindestrek', want: ['tjenester/pc-rullering/', `${PC}bestille-ny-pc/`] },
  { q: 'elevpc', kind: 'bindestrek', want: ['tjenester/skole-ipad-og-elev-pc/'] },
  { q: 'politikerpc', kind: 'bindestrek', want: ['tjenester/politiker-pc/'] },
];
